import Foundation
import VigieCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the feed list of an OPML 1.0 or 2.0 file (the format feed readers
/// export subscriptions in).
///
/// Every `<outline>` with an `xmlUrl` is a feed, however deeply it is nested;
/// outlines without one are folders, whose `title` or `text` becomes the
/// feeds' ``OPMLFeed/folder``. Attribute names are matched without regard to
/// case (some exporters write `xmlurl`). External entities are not resolved.
public enum OPMLReader {
    /// Reads the feeds of an OPML document, in document order.
    ///
    /// - Parameters:
    ///   - data: the OPML file's bytes.
    ///   - file: the file's name, for messages.
    /// - Throws: ``ConfigurationError`` when the file is not well-formed XML or not OPML.
    public static func feeds(in data: Data, file: String) throws(ConfigurationError) -> [OPMLFeed] {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let collector = Collector()
        parser.delegate = collector
        let parsed = parser.parse() && collector.firstError == nil
        guard parsed, collector.sawRoot else {
            let line = parsed ? nil : collector.firstError?.line ?? parser.lineNumber
            let reason =
                parsed
                ? "this is not an OPML file (its root element is not <opml>)"
                : "the OPML is not well-formed XML (\(collector.firstError?.message ?? "error \((parser.parserError as? NSError)?.code ?? 0)"))"
            throw ConfigurationError(
                file: file,
                problems: [ConfigurationProblem(file: file, line: line, column: nil, path: "", message: reason)])
        }
        return collector.feeds
    }

    /// Reads the feeds of an OPML file.
    public static func feeds(contentsOf url: URL) throws(ConfigurationError) -> [OPMLFeed] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(
                file: url.relativePath,
                problems: [ConfigurationProblem(file: url.relativePath, path: "", message: "cannot read the file")])
        }
        return try feeds(in: data, file: url.relativePath)
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var feeds: [OPMLFeed] = []
        var sawRoot = false
        /// One entry per open `<outline>`: the folder name it opens, or nil for a feed or a leaf.
        private var stack: [String?] = []
        private var depth = 0
        /// The first error the XML parser reported, even one it recovered from.
        var firstError: (line: Int, message: String)?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if firstError == nil {
                let code = (parseError as NSError).code
                firstError = (parser.lineNumber, "XML parser error \(code) near line \(parser.lineNumber)")
            }
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            depth += 1
            if depth == 1 { sawRoot = elementName.lowercased() == "opml" }
            guard sawRoot, elementName.lowercased() == "outline" else { return }
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict {
                let trimmed = value.trimmedOfWhitespace
                if !trimmed.isEmpty { attributes[key.lowercased()] = trimmed }
            }
            let label = attributes["title"] ?? attributes["text"]
            if let url = attributes["xmlurl"] {
                let folders = stack.compactMap { $0 }
                feeds.append(
                    OPMLFeed(
                        url: url, title: label, site: attributes["htmlurl"],
                        folder: folders.isEmpty ? nil : folders.joined(separator: " / "), line: parser.lineNumber))
                stack.append(nil)
            } else {
                stack.append(label)
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            depth -= 1
            if sawRoot, elementName.lowercased() == "outline", !stack.isEmpty { stack.removeLast() }
        }
    }
}
