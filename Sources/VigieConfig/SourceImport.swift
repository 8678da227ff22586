import Foundation
import VigieCore
import Yams

/// Adds feeds to the `sources:` list of a configuration text, keeping
/// everything else in the file as it was (comments, order, formatting).
///
/// Feeds whose URL is already a source (scheme and host compared without
/// case, a trailing `/` ignored) or that appear twice are skipped; feeds whose
/// URL is not `http://` or `https://` are refused. The new text is read back
/// before it is returned, so a file is never written broken.
///
/// ```swift
/// let plan = try SourceImport(feeds: feeds, into: yaml, file: "vigie.yaml")
/// try Data(plan.text.utf8).write(to: url, options: .atomic)
/// ```
public struct SourceImport: Sendable {
    /// A feed that was not added, and why.
    public struct Refusal: Sendable, Hashable {
        /// The feed that was refused.
        public var feed: OPMLFeed
        /// Why, in words for the user.
        public var reason: String
    }

    /// The feeds added, in order.
    public private(set) var added: [OPMLFeed] = []
    /// The feeds already present (in the file or earlier in the list).
    public private(set) var duplicates: [OPMLFeed] = []
    /// The feeds whose URL cannot be a source.
    public private(set) var refused: [Refusal] = []
    /// The configuration text with the new sources.
    public private(set) var text: String

    /// Plans the import of `feeds` into the configuration text `yaml`.
    ///
    /// - Parameters:
    ///   - feeds: the feeds to add, typically from ``OPMLReader``.
    ///   - yaml: the configuration file's current text (empty for a new file).
    ///   - file: the file's name, for messages.
    ///   - screen: a reason to refuse an http(s) feed, if any (the `vigie`
    ///     command refuses feeds whose host is a loopback, link-local or private
    ///     address: an imported list may not point Vigie inward).
    /// - Throws: ``ConfigurationError`` when the current text is not valid YAML
    ///   or its `sources:` cannot be extended.
    public init(
        feeds: [OPMLFeed], into yaml: String, file: String, screen: (OPMLFeed) -> String? = { _ in nil }
    ) throws(ConfigurationError) {
        self.text = yaml
        let root = try Self.parse(yaml, file: file)
        let rootMapping = root?.mapping
        if let root, rootMapping == nil, root.null == nil {
            throw Self.error(file, root.mark, "the file must be a mapping of sections to import sources into it")
        }
        let sourcesKey = rootMapping?.first { $0.key.scalar?.string == "sources" }
        var known = Set<String>()
        for item in sourcesKey?.value.sequence.map(Array.init) ?? [] {
            if let url = item.scalar?.string ?? item.mapping?["url"]?.scalar?.string {
                known.insert(Self.identity(of: url))
            }
        }
        for feed in feeds {
            let lowered = feed.url.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
                let url = URL(string: feed.url), url.host?.isEmpty == false
            else {
                refused.append(Refusal(feed: feed, reason: "not an http:// or https:// URL"))
                continue
            }
            if let reason = screen(feed) {
                refused.append(Refusal(feed: feed, reason: reason))
                continue
            }
            guard known.insert(Self.identity(of: feed.url)).inserted else {
                duplicates.append(feed)
                continue
            }
            added.append(feed)
        }
        guard !added.isEmpty else { return }

        let lineEnd = yaml.contains("\r\n") ? "\r\n" : "\n"
        var lines = yaml.lines()
        if lines.last == "" { lines.removeLast() }
        if let sourcesKey, let keyMark = sourcesKey.key.mark {
            let keyIndent = keyMark.column - 1
            let keyLine = keyMark.line - 1
            guard keyLine < lines.count else {
                throw Self.error(file, keyMark, "could not find sources: in the text; add the sources by hand")
            }
            switch sourcesKey.value {
            case .sequence(let sequence) where Self.isFlow(sequence.mark, in: lines):
                guard sequence.isEmpty || sequence.allSatisfy({ $0.scalar != nil }),
                    sequence.mark?.line == keyMark.line,
                    !lines[keyLine].contains("#")
                else {
                    throw Self.error(
                        file, sequence.mark,
                        "sources: is a [flow, list] over several lines or with mappings; write it as a block list "
                            + "(one \"- url: ...\" per line) to import into it")
                }
                let itemIndent = keyIndent + 2
                lines[keyLine] = String(repeating: " ", count: keyIndent) + "sources:"
                let existing = sequence.compactMap { $0.scalar.map { Self.render(url: $0.string, indent: itemIndent) } }
                lines.insert(
                    contentsOf: existing + added.flatMap { Self.render($0, indent: itemIndent) }, at: keyLine + 1)
            case .sequence(let sequence):
                let itemIndent = (sequence.mark?.column ?? keyIndent + 3) - 1
                let last = Self.lastLine(ofBlockAt: keyLine, keyIndent: keyIndent, in: lines)
                lines.insert(contentsOf: added.flatMap { Self.render($0, indent: itemIndent) }, at: last + 1)
            case .scalar where sourcesKey.value.null != nil:
                let itemIndent = keyIndent + 2
                if lines[keyLine].contains("~") || lines[keyLine].lowercased().contains("null") {
                    lines[keyLine] = String(repeating: " ", count: keyIndent) + "sources:"
                }
                lines.insert(contentsOf: added.flatMap { Self.render($0, indent: itemIndent) }, at: keyLine + 1)
            default:
                throw Self.error(file, sourcesKey.value.mark, "sources: must be a list to import into it")
            }
        } else {
            if let last = lines.last, !last.trimmedOfWhitespace.isEmpty { lines.append("") }
            lines.append("sources:")
            lines.append(contentsOf: added.flatMap { Self.render($0, indent: 2) })
        }
        let newText = lines.joined(separator: lineEnd) + lineEnd

        // Read the result back: every new URL must be a source, and nothing else may have moved.
        let check = try Self.parse(newText, file: file)
        let urls = Set(
            (check?.mapping?["sources"]?.sequence.map(Array.init) ?? []).compactMap {
                ($0.scalar?.string ?? $0.mapping?["url"]?.scalar?.string).map(Self.identity(of:))
            })
        let otherKeys = { (node: Node?) in
            (node?.mapping?.map { $0.key.scalar?.string ?? "" } ?? []).filter { $0 != "sources" }
        }
        guard added.allSatisfy({ urls.contains(Self.identity(of: $0.url)) }), otherKeys(check) == otherKeys(root)
        else {
            throw Self.error(
                file, nil, "could not add the sources without disturbing the file; add them by hand")
        }
        text = newText
    }

    private static func parse(_ yaml: String, file: String) throws(ConfigurationError) -> Node? {
        do {
            return try Parser(yaml: yaml).singleRoot()
        } catch {
            throw Self.error(
                file, nil, "the file is not valid YAML (run vigie config check) and is left untouched: \(error)")
        }
    }

    private static func error(_ file: String, _ mark: Mark?, _ message: String) -> ConfigurationError {
        ConfigurationError(
            file: file,
            problems: [
                ConfigurationProblem(
                    file: file, line: mark?.line, column: mark?.column, path: "sources", message: message)
            ])
    }

    /// Whether the collection starting at `mark` is written in flow style (`[...]`).
    private static func isFlow(_ mark: Mark?, in lines: [String]) -> Bool {
        guard let mark, mark.line - 1 < lines.count else { return false }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        return mark.column - 1 < scalars.count && scalars[mark.column - 1] == "["
    }

    /// A URL's identity for duplicate detection.
    static func identity(of text: String) -> String {
        guard let url = URL(string: text.trimmedOfWhitespace) else { return text }
        return ConfigurationReader.duplicateKey(url)
    }

    /// The index of the last line that belongs to the block under the key on `keyLine`.
    private static func lastLine(ofBlockAt keyLine: Int, keyIndent: Int, in lines: [String]) -> Int {
        var last = keyLine
        var index = keyLine + 1
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmedOfWhitespace
            let indent = line.prefix { $0 == " " }.count
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                if indent <= keyIndent && trimmed.hasPrefix("#") { break }
                index += 1
                continue
            }
            if indent > keyIndent || (indent == keyIndent && (trimmed.hasPrefix("- ") || trimmed == "-")) {
                last = index
                index += 1
                continue
            }
            break
        }
        return last
    }

    private static func render(_ feed: OPMLFeed, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)- url: \(quoted(feed.url))"]
        if let title = feed.title { lines.append("\(pad)  name: \(quoted(title))") }
        if let site = feed.site { lines.append("\(pad)  site: \(quoted(site))") }
        if let folder = feed.folder { lines.append("\(pad)  folder: \(quoted(folder))") }
        return lines
    }

    private static func render(url: String, indent: Int) -> String {
        String(repeating: " ", count: indent) + "- " + quoted(url)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
