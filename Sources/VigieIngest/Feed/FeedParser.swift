import CLibXML2
import Foundation
import VigieCore

/// Reads feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) and web pages into
/// ``FeedDocument`` values.
///
/// The format is told from the content, never the file name. A broken
/// document is data: what was recovered is listed in `warnings`, and a
/// document with nothing usable has an `error`. The parser never touches the
/// network, never loads a DTD or an external entity, and refuses inputs over
/// ``Options/maximumBytes``.
///
/// ```swift
/// let parser = FeedParser()
/// let document = parser.parse(bytes, source: "feeds/acme.xml")
/// for entry in document.entries { print(entry.title ?? "", entry.text) }
/// ```
///
/// A parser is cheap to make; use one per task (it is not shared across threads).
public struct FeedParser: Sendable {
    /// What the parser accepts and how it reads pages.
    public struct Options: Sendable, Hashable {
        /// Inputs larger than this are refused with an `error` (default 16 MiB).
        public var maximumBytes: Int
        /// For pages holding many mentions (a forum thread, a review page):
        /// XPath selectors for the items and their fields. `nil`: the page is one entry.
        public var selectors: PageSelectors?
        /// What the source is configured to return (its `kind:`): `auto` reads whatever comes;
        /// `html` reads every document as a page; `rss`, `atom` and `json` expect a feed and refuse a
        /// page (a feed URL that starts serving a login or error page is a failure, not a mention);
        /// `json` also reads a document that is not markup as a JSON Feed.
        public var kind: SourceSettings.Kind

        public init(maximumBytes: Int = 16 << 20, selectors: PageSelectors? = nil, kind: SourceSettings.Kind = .auto) {
            self.maximumBytes = maximumBytes
            self.selectors = selectors
            self.kind = kind
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
        XMLDocument.setUp()
    }

    /// Parses one document.
    ///
    /// - Parameters:
    ///   - bytes: the document as fetched, undecoded: the BOM, the XML
    ///     declaration or the page's `<meta charset>` decide the encoding.
    ///   - source: the path or URL as the user gave it (reported back as is).
    ///   - url: the document's URL, against which relative links are resolved.
    ///   - charset: the HTTP `Content-Type` charset, when there was one.
    ///   - mediaType: the HTTP `Content-Type` itself, when there was one
    ///     (`application/feed+json` makes a document that is not markup a JSON Feed).
    public func parse(
        _ bytes: [UInt8], source: String, url: String? = nil, charset: String? = nil, mediaType: String? = nil
    ) -> FeedDocument {
        bytes.withUnsafeBytes { parse($0, source: source, url: url, charset: charset, mediaType: mediaType) }
    }

    /// Parses one document held in memory the caller owns.
    public func parse(
        _ bytes: UnsafeRawBufferPointer, source: String, url: String? = nil, charset: String? = nil,
        mediaType: String? = nil
    ) -> FeedDocument {
        if bytes.count > options.maximumBytes {
            return .failed(source, "refused: the document is larger than the \(megabytes(options.maximumBytes)) limit")
        }
        let sniffed = Sniffer(bytes)
        if sniffed.isBlank { return .failed(source, "empty document") }
        if sniffed.isHTML || options.kind == .html {
            return page(bytes, source: source, url: url, charset: charset)
        }
        let expectsJSON = options.kind == .json || FeedParser.isJSONMediaType(mediaType)
        if sniffed.isJSON || (expectsJSON && !sniffed.startsWithMarkup) {
            return json(bytes, source: source, url: url)
        }
        return parseXML(bytes, source: source, url: url, charset: charset, sniffed: sniffed)
    }

    private func json(_ bytes: UnsafeRawBufferPointer, source: String, url: String?) -> FeedDocument {
        var reader = JSONFeedReader()
        var document = reader.read(bytes, source: source, documentURL: url)
        if document.error == nil, options.kind == .rss || options.kind == .atom {
            document.warnings.append(
                "the source is configured as kind: \(options.kind.rawValue) but this is a JSON Feed; read as such")
        }
        document.repairText()
        return document
    }

    /// Whether an HTTP media type names JSON (`application/feed+json`, `application/json`).
    static func isJSONMediaType(_ mediaType: String?) -> Bool {
        guard let type = mediaType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        return type == "application/json" || type.hasSuffix("+json")
    }

    private func parseXML(
        _ bytes: UnsafeRawBufferPointer, source: String, url: String?, charset: String?, sniffed: Sniffer
    ) -> FeedDocument {
        var warnings: [String] = []
        // Bytes rewritten before libxml2 reads them (transcoded, entities repaired).
        var rewritten: [UInt8]?
        var encoding: String?
        // A declaration the bytes contradict: valid multi-byte UTF-8 under a
        // single-byte declaration is UTF-8 (with, at worst, a few stray bytes
        // read as Windows-1252).
        if sniffed.declaresOtherThanUnicode {
            let census = UTF8Census(bytes)
            let declared = sniffed.declaredEncoding ?? ""
            if census.isCleanUTF8 {
                encoding = "UTF-8"
                warnings.append("declared \(declared) but is UTF-8; read as UTF-8")
            } else if sniffed.declaresLatin && census.isMostlyUTF8 {
                encoding = "UTF-8"
                rewritten = UTF8Census.transcodeMixed(bytes)
                warnings.append(
                    "declared \(declared) but is UTF-8 with \(census.invalid) stray bytes; read as UTF-8, "
                        + "the stray bytes as Windows-1252")
            }
        }
        var complaints: [XMLDiagnostic] = []
        // A document read as UTF-8 is read with its elements' texts cut out and its other CDATA
        // sections as character data, which libxml2 reads several times faster and makes the
        // same text of (the bytes rewritten for that are for this first reading only: the
        // repairs below start from the document).
        let readsAsUTF8 = encoding == "UTF-8" || (encoding == nil && sniffed.declaresUTF8OrNothing)
        let unwrapped = rewritten == nil && readsAsUTF8 ? TextCutOuts.unwrap(bytes) : nil
        let cutOuts = unwrapped.map { XMLDocument.CutOuts(unwrapped: $0, original: bytes.bindMemory(to: UInt8.self)) }
        let first =
            (rewritten ?? unwrapped?.bytes).map { owned in
                owned.withUnsafeBytes {
                    XMLDocument.xml($0, url: url, encoding: encoding, failure: &complaints, cutOuts: cutOuts)
                }
            } ?? XMLDocument.xml(bytes, url: url, encoding: encoding, failure: &complaints)
        guard var document = first else {
            if sniffed.mentionsHTML {
                return page(bytes, source: source, url: url, charset: charset)
            }
            let reason =
                complaints.first.map { "\($0.message.lowercasedFirst) at line \($0.line)" } ?? "no markup at all"
            return .failed(source, "not a feed or a page: \(reason)")
        }
        // Bytes that are not what the document says. Mostly UTF-8: keep the
        // UTF-8 and read the stray bytes as Windows-1252. Otherwise read them
        // all as Latin-1, which never fails, and let the C1 repair make it
        // Windows-1252, which is what such documents nearly always are.
        if rewritten == nil, document.diagnostics.contains(where: \.isEncodingError) {
            let census = UTF8Census(bytes)
            let again: XMLDocument?
            if census.isMostlyUTF8 {
                encoding = "UTF-8"
                let transcoded = UTF8Census.transcodeMixed(bytes)
                rewritten = transcoded
                again = transcoded.withUnsafeBytes { XMLDocument.xml($0, url: url, encoding: encoding) }
                if again != nil {
                    warnings.append(
                        "not valid \(sniffed.declaredEncoding ?? "UTF-8"): \(census.invalid) stray bytes read as Windows-1252"
                    )
                }
            } else {
                encoding = "ISO-8859-1"
                again = XMLDocument.xml(bytes, url: url, encoding: encoding)
                if again != nil, sniffed.declaresEncoding {
                    warnings.append("not valid \(sniffed.declaredEncoding ?? "UTF-8"); read as Windows-1252")
                }
            }
            if let again { document = again }
        }
        // HTML named entities are not XML: make them numeric and read again.
        if document.diagnostics.contains(where: \.isRepairable),
            let fixed = rewritten.map({ $0.withUnsafeBytes { EntityRepair.repair($0) } }) ?? EntityRepair.repair(bytes)
        {
            for line in Set(document.diagnostics.filter(\.isBareAmpersand).map(\.line)).sorted().prefix(5) {
                warnings.append("recovered from a bare & at line \(line) (read as the character &)")
            }
            if let again = fixed.withUnsafeBytes({ XMLDocument.xml($0, url: url, encoding: encoding) }) {
                document = again
            }
        }
        for diagnostic in document.diagnostics where diagnostic.level != .warning && !diagnostic.isRepairable {
            let message = "recovered from \(diagnostic.message.lowercasedFirst) at line \(diagnostic.line)"
            if !warnings.contains(message) && warnings.count < 20 { warnings.append(message) }
        }
        if document.diagnostics.contains(where: \.isEntityLoop) {
            return .failed(source, "refused: entity expansion bomb (entities that expand to absurd sizes)")
        }
        if document.diagnostics.contains(where: \.isTooDeep) {
            return .failed(source, "refused: elements nested more than 256 deep")
        }
        if let entity = document.externalEntity {
            return .failed(
                source, "refused: the DTD declares an external entity (\(entity)); external entities are never loaded")
        }
        guard let root = document.root else {
            if sniffed.mentionsHTML {
                return page(bytes, source: source, url: url, charset: charset)
            }
            return .failed(source, "no XML found: \(firstProblem(document) ?? "the document has no root element")")
        }

        var result = FeedDocument(source: source)
        let reader = ContentReader(document: document)
        let vocabulary = Vocabulary.of(root)
        switch (root.name, vocabulary) {
        case ("rss", .rss):
            result.kind = .rss
            result.version = RSSVersion.of(root)
            var rss = RSSReader(reader: reader)
            rss.read(root: root, into: &result, documentURL: url)
            warnings += rss.warnings
        case ("RDF", .rdf):
            result.kind = .rdf
            result.version = RSSVersion.ofRDF(root)
            var rss = RSSReader(reader: reader)
            rss.read(root: root, into: &result, documentURL: url)
            warnings += rss.warnings
        case ("feed", .atom10), ("feed", .atom03), ("feed", .rss):
            let isAtom03 = vocabulary == .atom03 || (vocabulary == .rss && root.attribute("version") == "0.3")
            result.kind = .atom
            result.version = isAtom03 ? "atom03" : "atom10"
            var atom = AtomReader(reader: reader, isAtom03: isAtom03)
            atom.read(root: root, into: &result, documentURL: url)
            warnings += atom.warnings
        case ("html", _):
            return page(bytes, source: source, url: url, charset: charset)
        default:
            return .failed(source, "not a feed: the root element is <\(root.name)>, not <rss>, <rdf:RDF> or <feed>")
        }
        if options.kind == .rss && result.kind == .atom || options.kind == .atom && result.kind != .atom
            || options.kind == .json
        {
            let found = result.kind == .atom ? "an Atom" : "an RSS"
            warnings.append(
                "the source is configured as kind: \(options.kind.rawValue) but this is \(found) feed; read as such")
        }
        result.repairText()
        result.warnings = warnings
        let nothingUsable = result.title == nil && result.link == nil && result.entries.isEmpty
        if nothingUsable, let problem = firstProblem(document) {
            result.error = "nothing usable: \(problem)"
        }
        return result
    }

    /// Reads `bytes` as a page, unless the source is configured to give a feed.
    private func page(_ bytes: UnsafeRawBufferPointer, source: String, url: String?, charset: String?) -> FeedDocument {
        switch options.kind {
        case .rss, .atom, .json:
            return .failed(
                source,
                "expected a feed (kind: \(options.kind.rawValue)) but this is an HTML page; "
                    + "if the source is a page, set kind: html (or auto)")
        case .auto, .html:
            return PageReader(selectors: options.selectors).read(bytes, source: source, url: url, charset: charset)
        }
    }

    private func firstProblem(_ document: XMLDocument) -> String? {
        document.diagnostics.first { $0.level != .warning && !$0.isRepairable }.map {
            "\($0.message.lowercasedFirst) at line \($0.line)"
        }
    }

    private func megabytes(_ count: Int) -> String {
        let value = Double(count) / 1_048_576
        return value >= 10 ? "\(Int(value.rounded())) MiB" : String(format: "%.1f MiB", value)
    }
}

extension String {
    /// The string with its first letter in lower case (for messages that continue a sentence).
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
