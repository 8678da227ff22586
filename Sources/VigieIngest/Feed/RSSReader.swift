import Foundation
import VigieCore

/// Reads RSS 0.9x, 2.0 and RSS 1.0 (RDF) documents.
struct RSSReader {
    let reader: ContentReader
    var warnings: [String] = []

    init(reader: ContentReader) { self.reader = reader }

    /// Fills `document` from the `<rss>` or `<rdf:RDF>` root.
    mutating func read(root: XMLNode, into document: inout FeedDocument, documentURL: String?) {
        var items: [XMLNode] = []
        var channel: XMLNode?
        for child in root.children where child.isElement {
            let vocabulary = Vocabulary.of(child)
            if child.isNamed("channel") && (vocabulary == .rss) { channel = channel ?? child }
            if child.isNamed("item") && vocabulary == .rss { items.append(child) }
        }
        if let channel {
            readChannel(channel, into: &document, documentURL: documentURL)
            for child in channel.children where child.isElement && child.isNamed("item") && Vocabulary.of(child) == .rss
            {
                items.append(child)
            }
        }
        if document.language == nil { document.language = root.language }
        let feedLink = document.link
        document.entries = items.map { readItem($0, feedLink: feedLink, documentURL: documentURL) }
    }

    private mutating func readChannel(_ channel: XMLNode, into document: inout FeedDocument, documentURL: String?) {
        var title: String?
        var link: String?
        var subtitle: ContentValue?
        var language: String?
        var updated: Date?
        var published: Date?
        var author: String?
        var atomLink: String?
        let base = reader.base(of: channel) ?? documentURL
        for child in channel.children where child.isElement {
            let vocabulary = Vocabulary.of(child)
            switch (vocabulary, reader.name(of: child)) {
            case (.rss, "title"), (.dc, "title"):
                if title == nil { title = reader.read(child, as: .html, base: base, buildsHTML: false).text }
            case (.rss, "link"):
                if link == nil { link = reader.plain(child) }
            case (.atom10, "link"), (.atom03, "link"):
                let rel = child.attribute("rel") ?? "alternate"
                if atomLink == nil, rel == "alternate", let href = child.attribute("href") { atomLink = href }
            case (.rss, "description"), (.dc, "description"), (.atom10, "subtitle"), (.rss, "tagline"):
                if subtitle == nil { subtitle = reader.read(child, as: .html, base: base) }
            case (.rss, "language"), (.dc, "language"):
                if language == nil { language = reader.plain(child) }
            case (.rss, "lastBuildDate"), (.dc, "date"), (.dcterms, "modified"), (.atom10, "updated"):
                if updated == nil { updated = date(child) }
            case (.rss, "pubDate"):
                if published == nil { published = date(child) }
            case (.rss, "managingEditor"), (.dc, "creator"), (.dc, "author"), (.rss, "author"), (.rss, "webMaster"):
                if author == nil || child.name != "webMaster" { author = author ?? reader.plain(child) }
            default:
                break
            }
        }
        document.title = title.flatMap { $0.isEmpty ? nil : $0 }
        let resolvedLink = (link ?? atomLink).map { URLResolver.resolve($0, against: base) }
        document.link = resolvedLink
        document.subtitle = subtitle?.value
        document.language = language
        document.updated = updated ?? published
        document.author = author
    }

    private mutating func readItem(_ item: XMLNode, feedLink: String?, documentURL: String?) -> FeedEntry {
        var draft = EntryDraft()
        let base = reader.base(of: item) ?? documentURL ?? feedLink
        // The first summary-like element (`description`, `summary`) is the summary;
        // a second one, before any full content, is the content (feedparser's rule).
        var summary: XMLNode?
        var atomLink: String?
        var created: Date?
        for child in item.children where child.isElement {
            let vocabulary = Vocabulary.of(child)
            switch (vocabulary, reader.name(of: child)) {
            case (.rss, "title"), (.dc, "title"), (.atom10, "title"):
                draft.setIfEmpty(\.title, reader.read(child, as: .html, base: base, buildsHTML: false))
            case (.rss, "link"):
                draft.setIfEmpty(\.link, reader.plain(child).map { URLResolver.resolve($0, against: base) })
            case (.atom10, "link"), (.atom03, "link"):
                let rel = child.attribute("rel") ?? "alternate"
                if atomLink == nil, rel == "alternate", let href = child.attribute("href") {
                    atomLink = URLResolver.resolve(href, against: base)
                }
            case (.rss, "guid"):
                guard let guid = reader.plain(child) else { break }
                draft.setIfEmpty(\.id, guid)
                let isPermaLink = child.attribute("isPermaLink")?.lowercased() != "false"
                if isPermaLink && draft.permalink == nil && looksLikeURL(guid) { draft.permalink = guid }
            case (.atom10, "id"):
                draft.setIfEmpty(\.id, reader.plain(child))
            case (.rss, "description"), (.dc, "description"), (.rss, "summary"), (.atom10, "summary"):
                if summary == nil {
                    summary = child
                } else if draft.content == nil {
                    draft.content = reader.read(child, as: .html, base: base)
                }
            case (.content, "encoded"), (.xhtml, "body"), (.rss, "body"), (.rss, "fullitem"), (.atom10, "content"):
                let encoding: ContentReader.Encoding = vocabulary == .xhtml ? .inline : .html
                draft.setIfEmpty(\.content, reader.read(child, as: encoding, base: base))
            // The publication date: when several disagree the last one stands (as in
            // feedparser); a creation date only fills a gap.
            case (.rss, "pubDate"), (.dcterms, "issued"), (.atom10, "published"):
                draft.published = date(child) ?? draft.published
            case (.dcterms, "created"):
                created = created ?? date(child)
            case (.dc, "date"), (.dcterms, "modified"), (.atom10, "updated"):
                draft.setIfEmpty(\.updated, date(child))
            case (.rss, "author"), (.dc, "creator"), (.dc, "author"):
                draft.setIfEmpty(\.author, reader.plain(child))
            case (.atom10, "author"):
                draft.setIfEmpty(\.author, AtomReader.person(child, reader: reader))
            case (.rss, "category"), (.dc, "subject"):
                if let term = reader.plain(child) { draft.categories.append(term) }
            case (.rss, "tags"):
                if let terms = reader.plain(child) {
                    draft.categories += terms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.isEmpty }
                }
            case (.atom10, "category"):
                if let term = child.attribute("term") ?? reader.plain(child) { draft.categories.append(term) }
            case (.dc, "language"):
                draft.setIfEmpty(\.language, reader.plain(child))
            default:
                break
            }
        }
        if let summary {
            draft.summary = reader.read(summary, as: .html, base: base, buildsText: draft.content == nil)
        }
        draft.setIfEmpty(\.published, created)
        draft.setIfEmpty(\.link, atomLink)
        draft.setIfEmpty(\.language, item.language)
        // RSS 1.0 names each item by its `rdf:about`.
        if draft.id == nil, let about = item.attribute("about", namespace: Vocabulary.rdfNamespace) {
            draft.id = about.trimmingASCIISpaces.isEmpty ? nil : about.trimmingASCIISpaces
        }
        return draft.entry()
    }

    private mutating func date(_ node: XMLNode) -> Date? {
        guard let raw = reader.plain(node) else { return nil }
        if let date = FeedDate.parse(raw) { return date }
        warnings.append("unreadable date \"\(raw.prefix(60))\" in <\(node.name)> at line \(node.line)")
        return nil
    }
}

/// Whether a guid can serve as a link.
func looksLikeURL(_ string: String) -> Bool {
    string.hasPrefix("http://") || string.hasPrefix("https://")
}
