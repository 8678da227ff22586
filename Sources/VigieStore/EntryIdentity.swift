import Foundation
import VigieCore

/// What the store recognises an entry by: its per-source key and the two
/// cross-source identifiers (canonical link, content hash).
struct EntryIdentity {
    /// The guid, trimmed, when not empty.
    var guid: String?
    /// The link, trimmed, when not empty.
    var link: String?
    var canonicalLink: String?
    var contentHash: ContentHash?
    /// `'g:' + guid`, else `'l:' + canonical link`, else `'h:' + content hash`.
    var key: String

    /// `nil` for an entry with no guid, no link, and no title or text.
    init?(_ entry: FeedEntry) {
        guid = Self.nonEmpty(entry.id)
        link = Self.nonEmpty(entry.link)
        canonicalLink = link.flatMap(CanonicalLink.canonical)
        if let guid {
            key = "g:" + guid
            contentHash = ContentHash(title: entry.title, text: entry.text)
        } else if let canonicalLink {
            key = "l:" + canonicalLink
            contentHash = ContentHash(title: entry.title, text: entry.text)
        } else if let hash = ContentHash(title: entry.title, text: entry.text) {
            key = "h:" + String(hash.value)
            contentHash = hash
        } else {
            return nil
        }
    }

    /// The per-source key alone, without hashing the text when a guid or link decides.
    static func key(_ entry: FeedEntry) -> String? {
        if let guid = nonEmpty(entry.id) { return "g:" + guid }
        if let canonical = nonEmpty(entry.link).flatMap(CanonicalLink.canonical) { return "l:" + canonical }
        return ContentHash(title: entry.title, text: entry.text).map { "h:" + String($0.value) }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmedOfWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
