import Foundation
import VigieCore

/// Reads Atom 1.0 and Atom 0.3 documents.
struct AtomReader {
    let reader: ContentReader
    /// Atom 0.3 (different names for some elements, `mode` on text constructs).
    let isAtom03: Bool
    var warnings: [String] = []

    init(reader: ContentReader, isAtom03: Bool) {
        self.reader = reader
        self.isAtom03 = isAtom03
    }

    /// Whether an element belongs to the Atom vocabulary of this document
    /// (or to none, for feeds that forgot the namespace).
    private func isAtom(_ node: XMLNode) -> Bool {
        switch Vocabulary.of(node) {
        case .atom10, .atom03, .rss: return true
        default: return false
        }
    }

    mutating func read(root: XMLNode, into document: inout FeedDocument, documentURL: String?) {
        var title: ContentValue?
        var subtitle: ContentValue?
        var updated: Date?
        var author: String?
        var links: [XMLNode] = []
        var entries: [XMLNode] = []
        let base = reader.base(of: root) ?? documentURL
        for child in root.children where child.isElement && isAtom(child) {
            switch reader.name(of: child) {
            case "title":
                if title == nil {
                    title = reader.read(
                        child, as: encoding(of: child), base: reader.base(of: child) ?? base, buildsHTML: false)
                }
            case "subtitle", "tagline":
                if subtitle == nil {
                    subtitle = reader.read(child, as: encoding(of: child), base: reader.base(of: child) ?? base)
                }
            case "link": links.append(child)
            case "updated", "modified":
                if updated == nil { updated = date(child) }
            case "author":
                if author == nil { author = AtomReader.person(child, reader: reader) }
            case "entry": entries.append(child)
            default: break
            }
        }
        document.title = title.flatMap { $0.text.isEmpty ? nil : $0.text }
        document.subtitle = subtitle.flatMap { $0.value.isEmpty ? nil : $0.value }
        document.link = alternateLink(links, base: base)
        document.updated = updated
        document.author = author
        document.language = root.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace")
        document.entries = entries.map { readEntry($0, base: base, feedLink: document.link) }
    }

    private mutating func readEntry(_ entry: XMLNode, base documentBase: String?, feedLink: String?) -> FeedEntry {
        var draft = EntryDraft()
        var links: [XMLNode] = []
        var summary: XMLNode?
        var created: Date?
        let base = reader.base(of: entry) ?? documentBase ?? feedLink
        for child in entry.children where child.isElement {
            let vocabulary = Vocabulary.of(child)
            if vocabulary == .dc {
                switch reader.name(of: child) {
                case "subject": if let term = reader.plain(child) { draft.categories.append(term) }
                case "creator": draft.setIfEmpty(\.author, reader.plain(child))
                case "date": draft.setIfEmpty(\.updated, date(child))
                case "language": draft.setIfEmpty(\.language, reader.plain(child))
                default: break
                }
                continue
            }
            guard isAtom(child) else { continue }
            switch reader.name(of: child) {
            case "id": draft.setIfEmpty(\.id, reader.plain(child))
            case "title":
                draft.setIfEmpty(
                    \.title,
                    reader.read(child, as: encoding(of: child), base: reader.base(of: child) ?? base, buildsHTML: false)
                )
            case "link": links.append(child)
            // `published` and Atom 0.3's `issued` are one field: when they disagree the
            // last one stands, as for `updated` (and in feedparser); `created` only fills a gap.
            case "published", "issued": draft.published = date(child) ?? draft.published
            case "created": created = created ?? date(child)
            case "updated", "modified": draft.updated = date(child) ?? draft.updated
            case "author": draft.setIfEmpty(\.author, AtomReader.person(child, reader: reader))
            case "summary": summary = summary ?? child
            case "content":
                draft.setIfEmpty(
                    \.content, reader.read(child, as: encoding(of: child), base: reader.base(of: child) ?? base))
            case "category":
                if let term = child.attribute("term") ?? reader.plain(child) { draft.categories.append(term) }
            default: break
            }
        }
        if let summary {
            // Read last: with full content beside it, the summary's text is not needed.
            draft.summary = reader.read(
                summary, as: encoding(of: summary), base: reader.base(of: summary) ?? base,
                buildsText: draft.content == nil)
        }
        draft.setIfEmpty(\.published, created)
        draft.link = alternateLink(links, base: base)
        draft.language = entry.language
        return draft.entry()
    }

    /// The `alternate` link (a link without `rel` is one), HTML first;
    /// Atom 0.3 feeds sometimes put the URL in the element's text.
    private func alternateLink(_ links: [XMLNode], base: String?) -> String? {
        var best: (rank: Int, href: String)?
        for link in links {
            let rel = link.attribute("rel")?.lowercased() ?? "alternate"
            guard rel == "alternate" else { continue }
            guard let href = link.attribute("href") ?? reader.plain(link) else { continue }
            let type = link.attribute("type")?.lowercased() ?? "text/html"
            let rank = type.contains("html") ? 0 : 1
            // Relative to the link's own `xml:base` when it has one.
            if best == nil || rank < best!.rank {
                best = (rank, URLResolver.resolve(href, against: reader.base(of: link) ?? base))
            }
        }
        return best?.href
    }

    /// How a text construct is encoded, from its `type` (and Atom 0.3's `mode`).
    private func encoding(of node: XMLNode) -> ContentReader.Encoding {
        // An empty `type` is no type at all: the default.
        var type = (node.attribute("type") ?? "").trimmingASCIISpaces.lowercased()
        if type.isEmpty { type = isAtom03 ? "text/plain" : "text" }
        let mode = node.attribute("mode")?.lowercased()
        let isHTML = type == "html" || type.hasSuffix("/html")
        if mode == "base64" { return .base64(inner: isHTML ? .html : .text) }
        if mode == "escaped" { return isHTML || isAtom03 ? .html : .text }
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .inline
        default:
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .inline }
            if type.hasPrefix("text/") { return .text }
            return .base64(inner: .text)
        }
    }

    /// An Atom person as one string: `Name (email)`, or whichever part exists.
    static func person(_ node: XMLNode, reader: ContentReader) -> String? {
        var name: String?
        var email: String?
        for child in node.children where child.isElement {
            switch reader.name(of: child) {
            case "name": name = name ?? reader.plain(child)
            case "email": email = email ?? reader.plain(child)
            default: break
            }
        }
        switch (name, email) {
        case (let name?, let email?): return "\(name) (\(email))"
        case (let name?, nil): return name
        case (nil, let email?): return email
        case (nil, nil): return reader.plain(node)
        }
    }

    private mutating func date(_ node: XMLNode) -> Date? {
        guard let raw = reader.plain(node) else { return nil }
        if let date = FeedDate.parse(raw) { return date }
        warnings.append("unreadable date \"\(raw.prefix(60))\" in <\(node.name)> at line \(node.line)")
        return nil
    }
}
