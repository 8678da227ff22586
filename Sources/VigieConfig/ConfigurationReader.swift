import Foundation
import VigieCore
import VigieMatch
import Yams

/// Walks the YAML tree of `vigie.yaml`, building typed values and collecting
/// every problem with its path and position.
struct ConfigurationReader {
    let yaml: String
    let file: String
    let baseDirectory: URL
    private(set) var problems: [ConfigurationProblem] = []
    /// Every brand name written in the file, valid brand or not, so that one
    /// broken brand does not make every filter naming it fail as well.
    private var declaredBrandNames: [String] = []
    private lazy var lines: [String] = yaml.lines()

    /// The shortest poll interval accepted: below it, sites get hammered for nothing.
    static let minimumInterval = Duration.seconds(30)
    /// The longest poll interval accepted.
    static let maximumInterval = Duration.seconds(7 * 86_400)
    static let defaultInterval = Duration.seconds(15 * 60)

    private static let rootKeys = [
        "version", "storage", "defaults", "brands", "sources", "alerts", "export", "fetch", "retention",
        "serve",
    ]
    private static let brandKeys = [
        "name", "terms", "aliases", "exclusions", "query", "languages", "lexicon", "timezone",
    ]
    private static let sourceKeys = [
        "url", "name", "kind", "interval", "headers", "selectors", "brands", "site", "folder", "enabled",
    ]
    private static let defaultsKeys = ["interval", "headers", "kind"]
    private static let selectorKeys = ["item", "title", "link", "date", "text"]

    /// What the configuration is read for: watching makes a missing brand or source an error.
    let purpose: ConfigurationPurpose

    init(yaml: String, file: String, baseDirectory: URL, purpose: ConfigurationPurpose = .reading) {
        self.yaml = yaml
        self.file = file
        self.baseDirectory = baseDirectory.standardizedFileURL
        self.purpose = purpose
    }

    /// Missing brands or sources: an error when watching, a warning otherwise.
    private var incompleteness: ConfigurationProblem.Severity {
        if case .watching = purpose { .error } else { .warning }
    }

    // MARK: Reading

    mutating func read() -> Configuration? {
        // Before Yams: it hashes every key while parsing, and an alias key can stand for billions of values.
        if let key = ComplexKeyScan.firstComplexKey(in: yaml) {
            problems.append(
                ConfigurationProblem(
                    file: file, line: key.line, column: key.column, path: "",
                    message: "a mapping key here is \(key.what); keys in vigie.yaml are plain names "
                        + "(quote a key that starts with *, ? [ or {)"))
            return nil
        }
        let root: Node?
        do {
            let parser = try Parser(yaml: yaml)
            root = try parser.singleRoot()
            // Before anything walks the tree: aliases could make it billions of values.
            if let root, let problem = withExtendedLifetime(parser, { aliasExpansionProblem(root) }) {
                problems.append(problem)
                return nil
            }
        } catch let error as YamlError {
            report(yamlError: error)
            return nil
        } catch {
            problem(nil, "", "cannot read the YAML: \(error)")
            return nil
        }
        guard let root, root.mapping != nil else {
            if let root, root.null == nil {
                problem(root, "", "the file must be a mapping of sections (storage:, brands:, sources:, ...)")
            } else {
                problem(
                    nil, "",
                    "the file is empty: it needs brands: (what to look for) and sources: (where to look); "
                        + "start from Samples/vigie.yaml, see docs/CONFIG.md", incompleteness)
            }
            return root == nil || root?.null != nil ? emptyConfiguration() : nil
        }
        let sections = mapping(root, "", allowed: Self.rootKeys)

        if let version = sections["version"] {
            if version.node.int != 1 { problem(version.node, "version", "only version 1 exists") }
        }
        var storage = readStorage(sections["storage"]?.node)
        storage.retention = readRetention(sections["retention"]?.node)
        let defaults = readDefaults(sections["defaults"]?.node)
        let brands = readBrands(sections["brands"]?.node)
        let brandNames = declaredBrandNames
        let sources = readSources(sections["sources"]?.node, defaults: defaults, brandNames: brandNames)
        var alerts: ConfigValue?
        var export: ConfigValue?
        if let node = sections["alerts"]?.node {
            alerts = readLoose(node, "alerts", brandNames: brandNames)
        }
        let alertSettings = readAlerts(sections["alerts"]?.node)
        if let node = sections["export"]?.node {
            export = readLoose(node, "export", brandNames: brandNames)
        }
        var configuration = Configuration(
            file: file, storage: storage, brands: brands, sources: sources, alerts: alerts, export: export)
        configuration.alertSettings = alertSettings
        configuration.fetchSettings = readFetch(sections["fetch"]?.node)
        configuration.serveSettings = readServe(sections["serve"]?.node)
        return configuration
    }

    private func emptyConfiguration() -> Configuration {
        Configuration(file: file, storage: StorageSettings(path: baseDirectory.appendingPathComponent("vigie.db")))
    }

    private struct Defaults {
        var interval = ConfigurationReader.defaultInterval
        var headers: [SourceSettings.Header] = []
        var kind = SourceSettings.Kind.auto
    }

    private mutating func readDefaults(_ node: Node?) -> Defaults {
        var defaults = Defaults()
        guard let node else { return defaults }
        let keys = mapping(node, "defaults", allowed: Self.defaultsKeys)
        if let interval = keys["interval"], let value = readInterval(interval.node, "defaults.interval") {
            defaults.interval = value
        }
        if let headers = keys["headers"] {
            defaults.headers = readHeaders(headers.node, "defaults.headers")
        }
        if let kind = keys["kind"], let value = readKind(kind.node, "defaults.kind") {
            defaults.kind = value
        }
        return defaults
    }

    // MARK: Brands

    private mutating func readBrands(_ node: Node?) -> [BrandSettings] {
        let missing =
            "no brands: nothing will be matched; list the brands to look for, e.g. brands: [Acme] "
            + "(see Samples/vigie.yaml and docs/CONFIG.md)"
        guard let node else {
            problem(nil, "brands", missing, incompleteness)
            return []
        }
        guard let items = sequence(node, "brands") else { return [] }
        if items.isEmpty { problem(node, "brands", missing, incompleteness) }
        var brands: [BrandSettings] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "brands[\(index)]"
            let nameNode = item.scalar != nil ? item : item.mapping?["name"]
            if let nameNode, let name = nameNode.scalar?.string, nameNode.null == nil {
                let key = TextFolding.fold(name).trimmedOfWhitespace
                if let first = seen[key] {
                    problem(nameNode, "\(path).name", "duplicate brand name \"\(name)\" (already brands[\(first)])")
                    continue
                }
                seen[key] = index
                declaredBrandNames.append(name.trimmedOfWhitespace)
            }
            if let brand = readBrand(item, path) { brands.append(brand) }
        }
        return brands
    }

    private mutating func readBrand(_ node: Node, _ path: String) -> BrandSettings? {
        if let name = node.scalar?.string {
            // A bare name is a brand whose only term is its name.
            return makeBrand(name: name, nameNode: node, path: path)
        }
        let keys = mapping(node, path, allowed: Self.brandKeys)
        guard node.mapping != nil else { return nil }
        guard let nameEntry = keys["name"] else {
            problem(node, path, "a brand needs a name:")
            return nil
        }
        guard let name = string(nameEntry.node, "\(path).name"), !name.trimmedOfWhitespace.isEmpty else {
            if nameEntry.node.scalar != nil { problem(nameEntry.node, "\(path).name", "the name is empty") }
            return nil
        }
        var failed = false
        var terms: [Term] = []
        for key in ["terms", "aliases"] {
            guard let entry = keys[key] else { continue }
            let list = stringList(entry.node, "\(path).\(key)")
            if entry.node.sequence?.isEmpty == true {
                problem(entry.node, "\(path).\(key)", "the list is empty: remove it or add terms")
            }
            for (offset, item) in list.enumerated() {
                if let term = readTerm(item.text, item.node, "\(path).\(key)[\(offset)]") {
                    terms.append(term)
                } else {
                    failed = true
                }
            }
        }
        var exclusions: [Term] = []
        if let entry = keys["exclusions"] {
            for (offset, item) in stringList(entry.node, "\(path).exclusions").enumerated() {
                if let term = readTerm(item.text, item.node, "\(path).exclusions[\(offset)]") {
                    exclusions.append(term)
                } else {
                    failed = true
                }
            }
        }
        var query: Query?
        if let entry = keys["query"], let text = string(entry.node, "\(path).query") {
            do {
                query = try Query(parsing: text)
            } catch {
                let (line, column) = position(of: error, in: entry.node)
                problems.append(
                    ConfigurationProblem(
                        file: file, line: line, column: column, path: "\(path).query",
                        message: queryMessage(error, text)))
                failed = true
            }
        }
        var languages: Set<Language> = []
        if let entry = keys["languages"] {
            for (offset, item) in stringList(entry.node, "\(path).languages").enumerated() {
                if let language = Language(rawValue: item.text.lowercased().trimmedOfWhitespace) {
                    languages.insert(language)
                } else {
                    problem(
                        item.node, "\(path).languages[\(offset)]",
                        "unknown language \"\(item.text)\": use fr or en")
                }
            }
        }
        var lexicon: LexiconSetting?
        if let entry = keys["lexicon"] {
            lexicon = readLexicon(entry.node, "\(path).lexicon")
        }
        var timeZone: String?
        if let entry = keys["timezone"] {
            timeZone = readTimeZone(entry.node, "\(path).timezone")
            if timeZone == nil { failed = true }
        }
        guard !failed else { return nil }
        do {
            let brand = try Brand(
                name: name.trimmedOfWhitespace, terms: terms, query: query, exclusions: exclusions,
                languages: languages)
            return BrandSettings(brand: brand, lexicon: lexicon, timeZone: timeZone)
        } catch {
            if query != nil, let queryNode = keys["query"]?.node {
                problem(queryNode, "\(path).query", error.message)
            } else {
                problem(
                    nameEntry.node, "\(path).name",
                    "the name \"\(name)\" has no letter or digit to look for: give terms: or a query:")
            }
            return nil
        }
    }

    private mutating func makeBrand(name: String, nameNode: Node, path: String) -> BrandSettings? {
        do {
            return BrandSettings(brand: try Brand(name: name.trimmedOfWhitespace))
        } catch {
            problem(nameNode, path, "the name \"\(name)\" has no letter or digit to look for")
            return nil
        }
    }

    private mutating func readTerm(_ text: String, _ node: Node, _ path: String) -> Term? {
        do {
            return try Term(text)
        } catch {
            problem(node, path, "\"\(text)\" has no letter or digit to look for")
            return nil
        }
    }

    private func queryMessage(_ error: QueryError, _ text: String) -> String {
        let place = error.line > 1 ? "line \(error.line) column \(error.column)" : "column \(error.column)"
        return "\(place) of the query: \(error.message)"
    }

    /// Where a problem at `error.line`/`error.column` of a query scalar lies in the file.
    private mutating func position(of error: QueryError, in node: Node) -> (Int?, Int?) {
        guard let mark = node.mark, let scalar = node.scalar else { return (node.mark?.line, node.mark?.column) }
        switch scalar.style {
        case .plain where error.line == 1 && !scalar.string.contains("\n"):
            return (mark.line, mark.column + error.column - 1)
        case .singleQuoted where error.line == 1, .doubleQuoted where error.line == 1:
            return (mark.line, mark.column + error.column)
        case .literal:
            // The text starts on the line after the `|`, at the block's indentation.
            let lineNumber = mark.line + error.line
            guard lineNumber - 1 < lines.count else { return (mark.line, mark.column) }
            let indent = lines[lineNumber - 1].prefix { $0 == " " }.count
            return (lineNumber, indent + error.column)
        default:
            return (mark.line, mark.column)
        }
    }

    private mutating func readLexicon(_ node: Node, _ path: String) -> LexiconSetting? {
        if let text = node.scalar?.string {
            let url = resolve(path: text)
            if !FileManager.default.fileExists(atPath: url.path) {
                problem(node, path, "the lexicon file \(url.path) does not exist")
            }
            return .file(url)
        }
        guard let pairs = node.mapping else {
            problem(node, path, "expected a lexicon file path or a mapping of words to valences (panne: -2)")
            return nil
        }
        var words: [String: Double] = [:]
        for (key, value) in pairs {
            guard let word = key.scalar?.string else {
                problem(key, path, "expected a word")
                continue
            }
            guard let valence = value.float, valence.isFinite, abs(valence) <= 10 else {
                problem(value, "\(path).\(word)", "expected a valence between -10 and 10, e.g. -2.5")
                continue
            }
            words[word.trimmedOfWhitespace] = valence
        }
        return .inline(words)
    }

    // MARK: Sources

    private mutating func readSources(_ node: Node?, defaults: Defaults, brandNames: [String]) -> [SourceSettings] {
        let missing =
            "no sources: nothing will be fetched; list the feeds or pages to watch, e.g. "
            + "sources: [https://example.com/feed.xml] (see Samples/vigie.yaml and docs/CONFIG.md)"
        guard let node else {
            problem(nil, "sources", missing, incompleteness)
            return []
        }
        guard let items = sequence(node, "sources") else { return [] }
        if items.isEmpty { problem(node, "sources", missing, incompleteness) }
        var sources: [SourceSettings] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "sources[\(index)]"
            guard let source = readSource(item, path, defaults: defaults, brandNames: brandNames) else { continue }
            let key = Self.duplicateKey(source.url)
            if let first = seen[key] {
                problem(
                    item.mapping?["url"] ?? item, "\(path).url",
                    "same URL as sources[\(first)]: it would be fetched twice", .warning)
            } else {
                seen[key] = index
            }
            sources.append(source)
        }
        return sources
    }

    /// A URL's identity for duplicate detection: scheme and host are case-insensitive.
    static func duplicateKey(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        var key = components.string ?? url.absoluteString
        if key.hasSuffix("/") { key.removeLast() }
        return key
    }

    private mutating func readSource(
        _ node: Node, _ path: String, defaults: Defaults, brandNames: [String]
    ) -> SourceSettings? {
        if node.scalar != nil {
            // A bare URL is a source with every default.
            guard let url = readURL(node, path) else { return nil }
            return SourceSettings(
                name: Self.defaultName(for: url), url: url, kind: defaults.kind, interval: defaults.interval,
                headers: defaults.headers)
        }
        let keys = mapping(node, path, allowed: Self.sourceKeys)
        guard node.mapping != nil else { return nil }
        guard let urlEntry = keys["url"] else {
            problem(node, path, "a source needs a url: (https://, http:// or file://)")
            return nil
        }
        var failed = false
        let url = readURL(urlEntry.node, "\(path).url")
        if url == nil { failed = true }
        var kind = defaults.kind
        if let entry = keys["kind"] {
            if let value = readKind(entry.node, "\(path).kind") { kind = value } else { failed = true }
        }
        var interval = defaults.interval
        if let entry = keys["interval"] {
            if let value = readInterval(entry.node, "\(path).interval") { interval = value } else { failed = true }
        }
        var headers = defaults.headers
        if let entry = keys["headers"] {
            let own = readHeaders(entry.node, "\(path).headers")
            headers.removeAll { header in own.contains { $0.name.lowercased() == header.name.lowercased() } }
            headers.append(contentsOf: own)
        }
        var selectors: SourceSettings.Selectors?
        if let entry = keys["selectors"] {
            selectors = readSelectors(entry.node, "\(path).selectors")
            if kind == .rss || kind == .atom || kind == .json {
                problem(entry.node, "\(path).selectors", "selectors apply to html pages, not to \(kind.rawValue) feeds")
            }
        }
        var brands: [String]?
        if let entry = keys["brands"] {
            brands = readBrandFilter(entry.node, "\(path).brands", brandNames: brandNames)
        }
        var name: String?
        if let entry = keys["name"] { name = string(entry.node, "\(path).name") }
        var site: String?
        if let entry = keys["site"] { site = string(entry.node, "\(path).site") }
        var folder: String?
        if let entry = keys["folder"] { folder = string(entry.node, "\(path).folder") }
        var enabled = true
        if let entry = keys["enabled"] {
            if let value = entry.node.bool {
                enabled = value
            } else {
                problem(entry.node, "\(path).enabled", "expected true or false")
            }
        }
        guard !failed, let url else { return nil }
        return SourceSettings(
            name: name.map { $0.trimmedOfWhitespace }.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultName(for: url),
            url: url, kind: kind, interval: interval, headers: headers, selectors: selectors, brands: brands,
            site: site, folder: folder, enabled: enabled)
    }

    static func defaultName(for url: URL) -> String {
        if url.isFileURL { return url.lastPathComponent }
        let host = url.host ?? url.absoluteString
        let path = url.path
        return path.isEmpty || path == "/" ? host : host + path
    }

    /// Reads `https://`, `http://` or `file://` URLs; relative file paths are
    /// resolved against the configuration's folder.
    private mutating func readURL(_ node: Node, _ path: String) -> URL? {
        guard let raw = string(node, path) else { return nil }
        let text = raw.trimmedOfWhitespace
        let lowered = text.lowercased()
        if lowered.hasPrefix("file:") {
            var rest = String(text.dropFirst(5))
            if rest.hasPrefix("//") { rest.removeFirst(2) }
            if rest.lowercased().hasPrefix("localhost/") { rest.removeFirst(9) }
            let decoded = rest.removingPercentEncoding ?? rest
            guard !decoded.isEmpty else {
                problem(node, path, "bad URL \"\(text)\": a file:// URL needs a path, e.g. file://feeds/acme.xml")
                return nil
            }
            let url = resolve(path: decoded)
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                problem(node, path, "\(url.path) does not exist (yet): this source will fail until it does", .warning)
            } else if isDirectory.boolValue {
                problem(node, path, "\(url.path) is a folder: point at a feed or page file")
                return nil
            }
            return url
        }
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            let scheme = text.firstIndex(of: ":").map { String(text[..<$0]) }
            let hint =
                scheme.map { "the scheme \"\($0):\" is not supported" } ?? "it has no scheme"
            problem(node, path, "bad URL \"\(text)\": \(hint); use https://, http:// or file://")
            return nil
        }
        guard !text.contains(where: { $0 == " " || $0 == "\t" }),
            let url = URL(string: text), let host = url.host, !host.isEmpty
        else {
            problem(node, path, "bad URL \"\(text)\": it needs a host name and no spaces (encode them as %20)")
            return nil
        }
        return url
    }

    private mutating func readKind(_ node: Node, _ path: String) -> SourceSettings.Kind? {
        guard let text = string(node, path) else { return nil }
        guard let kind = SourceSettings.Kind(rawValue: text.lowercased().trimmedOfWhitespace) else {
            problem(node, path, "unknown kind \"\(text)\": use auto, rss, atom, json or html")
            return nil
        }
        return kind
    }

    private mutating func readInterval(_ node: Node, _ path: String) -> Duration? {
        guard let text = node.scalar?.string else {
            problem(node, path, "expected a duration such as 30s, 15m, 1h or 1h30m")
            return nil
        }
        guard let duration = DurationText.parse(text) else {
            let hint = Int(text.trimmedOfWhitespace) != nil ? " (add a unit: \(text)s, \(text)m or \(text)h)" : ""
            problem(node, path, "bad interval \"\(text)\"\(hint): write a duration such as 30s, 15m, 1h or 1h30m")
            return nil
        }
        if duration < Self.minimumInterval {
            problem(node, path, "interval \(text) is too short: the minimum is 30s, to spare the sites you watch")
            return nil
        }
        if duration > Self.maximumInterval {
            problem(node, path, "interval \(text) is too long: the maximum is 7d")
            return nil
        }
        return duration
    }

    private mutating func readHeaders(_ node: Node, _ path: String) -> [SourceSettings.Header] {
        guard let pairs = node.mapping else {
            problem(node, path, "expected a mapping of header names to values (Accept-Language: fr)")
            return []
        }
        var headers: [SourceSettings.Header] = []
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (key, value) in pairs {
            guard let name = key.scalar?.string, !name.isEmpty, name.allSatisfy(tokenCharacters.contains) else {
                problem(key, path, "bad header name \"\(key.scalar?.string ?? "")\"")
                continue
            }
            guard let text = value.scalar?.string, !text.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                problem(value, "\(path).\(name)", "a header value must be one line of text")
                continue
            }
            headers.append(SourceSettings.Header(name: name, value: text))
        }
        return headers
    }

    private mutating func readSelectors(_ node: Node, _ path: String) -> SourceSettings.Selectors? {
        let keys = mapping(node, path, allowed: Self.selectorKeys)
        guard node.mapping != nil else { return nil }
        func value(_ key: String) -> String? {
            guard let entry = keys[key] else { return nil }
            guard let text = entry.node.scalar?.string, !text.trimmedOfWhitespace.isEmpty else {
                problem(entry.node, "\(path).\(key)", "expected a non-empty selector such as article h2")
                return nil
            }
            return text.trimmedOfWhitespace
        }
        guard let item = value("item") else {
            if keys["item"] == nil { problem(node, path, "selectors need item: (what selects each entry)") }
            return nil
        }
        return SourceSettings.Selectors(
            item: item, title: value("title"), link: value("link"), date: value("date"), text: value("text"))
    }

    private mutating func readBrandFilter(_ node: Node, _ path: String, brandNames: [String]) -> [String] {
        var names: [String] = []
        for (offset, item) in stringList(node, path).enumerated() {
            if let known = Self.brand(named: item.text, in: brandNames) {
                names.append(known)
            } else {
                let itemPath = node.sequence != nil ? "\(path)[\(offset)]" : path
                problem(item.node, itemPath, unknownBrandMessage(item.text, brandNames))
            }
        }
        return names
    }

    static func brand(named name: String, in brandNames: [String]) -> String? {
        let key = TextFolding.fold(name).trimmedOfWhitespace
        return brandNames.first { TextFolding.fold($0) == key }
    }

    private func unknownBrandMessage(_ name: String, _ brandNames: [String]) -> String {
        let known = brandNames.isEmpty ? "none is configured" : "known: " + brandNames.joined(separator: ", ")
        return "unknown brand \"\(name)\" (\(known))"
    }

    // MARK: Loose sections

    /// Reads a reserved section as data; checks only that brand filters name real brands.
    private mutating func readLoose(_ node: Node, _ path: String, brandNames: [String]) -> ConfigValue {
        if path.firstIndex(of: ".") == nil, node.mapping == nil, node.sequence == nil, node.null == nil {
            problem(node, path, "expected a mapping or a list")
        }
        switch node {
        case .scalar(let scalar):
            return node.null != nil ? .null : .scalar(scalar.string)
        case .sequence(let items):
            return .list(items.enumerated().map { readLoose($1, "\(path)[\($0)]", brandNames: brandNames) })
        case .mapping(let pairs):
            var entries: [ConfigValue.Entry] = []
            for (key, value) in pairs {
                let name = key.scalar?.string ?? ""
                if name == "brand" || name == "brands" {
                    _ = readBrandFilter(value, "\(path).\(name)", brandNames: brandNames)
                }
                entries.append(
                    ConfigValue.Entry(key: name, value: readLoose(value, "\(path).\(name)", brandNames: brandNames)))
            }
            return .map(entries)
        case .alias:
            return .null
        }
    }

    // MARK: Helpers

    /// The keys of a mapping, checking that each is allowed.
    mutating func mapping(_ node: Node, _ path: String, allowed: [String]) -> [String: (key: Node, node: Node)] {
        guard let pairs = node.mapping else {
            problem(node, path, "expected a mapping with keys " + allowed.joined(separator: ", "))
            return [:]
        }
        var result: [String: (key: Node, node: Node)] = [:]
        for (key, value) in pairs {
            guard let name = key.scalar?.string else {
                problem(key, path, "keys must be plain names")
                continue
            }
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                var message = "unknown key \"\(name)\""
                if let close = Self.closest(to: name, in: allowed) { message += " (did you mean \"\(close)\"?)" }
                message += "; allowed here: " + allowed.joined(separator: ", ")
                problem(key, keyPath, message)
                continue
            }
            result[name] = (key, value)
        }
        return result
    }

    mutating func sequence(_ node: Node, _ path: String) -> [Node]? {
        if node.null != nil { return [] }
        guard let items = node.sequence else {
            problem(node, path, "expected a list (items starting with \"- \")")
            return nil
        }
        return Array(items)
    }

    mutating func string(_ node: Node, _ path: String) -> String? {
        guard let scalar = node.scalar, node.null == nil || scalar.style != .plain else {
            var message = node.null != nil ? "expected a value, found nothing" : "expected a single value"
            if node.null != nil, commentFollows(node) {
                message += " (in YAML a # after a space starts a comment: quote the value, \"#acme\")"
            }
            problem(node, path, message)
            return nil
        }
        if scalar.style == .plain, commentFollows(node) {
            problem(
                node, path,
                "the text after \" #\" on this line is a YAML comment, not part of the value; "
                    + "quote the value to keep it (\"acme OR #acme\")", .warning)
        }
        return scalar.string
    }

    /// Whether the rest of the node's line, after its plain value, holds a YAML
    /// comment that was probably meant as a hashtag (`query: acme OR #acme`).
    private mutating func commentFollows(_ node: Node) -> Bool {
        guard let mark = node.mark, let scalar = node.scalar, !scalar.string.contains("\n"),
            mark.line - 1 < lines.count
        else { return false }
        let line = Array(lines[mark.line - 1].unicodeScalars)
        let start = mark.column - 1 + scalar.string.unicodeScalars.count
        guard start <= line.count else { return false }
        // A comment that looks like a hashtag: "#" right before a letter or digit.
        let rest = Array(line[start...])
        for index in rest.indices.dropLast() where rest[index] == "#" {
            let before = index == rest.startIndex ? (scalar.string.isEmpty ? " " : "x") : rest[index - 1]
            if before == " " || before == "\t",
                rest[index + 1].properties.isAlphabetic || rest[index + 1].properties.numericType != nil
            {
                return true
            }
        }
        return false
    }

    /// A single string or a list of strings.
    private mutating func stringList(_ node: Node, _ path: String) -> [(text: String, node: Node)] {
        if let scalar = node.scalar, node.null == nil {
            return [(scalar.string, node)]
        }
        guard let items = node.sequence else {
            problem(node, path, "expected a list of values")
            return []
        }
        var list: [(String, Node)] = []
        for (offset, item) in items.enumerated() {
            if let text = string(item, "\(path)[\(offset)]") { list.append((text, item)) }
        }
        return list
    }

    func resolve(path: String) -> URL {
        var expanded = path
        if expanded.hasPrefix("~/") {
            expanded = FileManager.default.homeDirectoryForCurrentUser.path + expanded.dropFirst(1)
        }
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return baseDirectory.appendingPathComponent(expanded).standardizedFileURL
    }

    mutating func problem(
        _ node: Node?, _ path: String, _ message: String, _ severity: ConfigurationProblem.Severity = .error
    ) {
        problems.append(
            ConfigurationProblem(
                severity: severity, file: file, line: node?.mark?.line, column: node?.mark?.column, path: path,
                message: message))
    }

    private mutating func report(yamlError error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            problems.append(
                ConfigurationProblem(
                    file: file, line: mark.line, column: mark.column, path: "", message: message))
        case .duplicatedKeysInMapping(let duplicates, let context):
            problems.append(
                ConfigurationProblem(
                    file: file, line: context.mark.line, column: context.mark.column, path: "",
                    message: "duplicate key " + duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
                        + " in the same mapping"))
        case .reader(let problem, _, _, _):
            problems.append(ConfigurationProblem(file: file, path: "", message: "cannot read the text: \(problem)"))
        default:
            problems.append(ConfigurationProblem(file: file, path: "", message: "cannot read the YAML: \(error)"))
        }
    }

    /// The allowed word closest to a misspelt one, when it is close enough.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3), best.1 < word.count
        else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
