import Foundation

/// What the parser read from one document (a feed or a web page).
///
/// This is the shape of one `vigie parse` line (see `docs/INTERFACE.md`):
/// a broken document is data, reported in ``warnings`` and ``error``, never
/// a thrown error.
public struct FeedDocument: Sendable, Hashable, Codable {
    /// The family of document that was recognised.
    public enum Kind: String, Sendable, Hashable, Codable {
        case rss, atom, rdf, json, html
    }

    /// Where the document came from (path or URL, as given).
    public var source: String
    /// The recognised family, or `nil` when nothing could be read.
    public var kind: Kind?
    /// The precise format: `rss20`, `rss10`, `rss090`, `rss091u`, `rss092`,
    /// `rss093`, `rss094`, `atom10`, `atom03`, `json10`, `json11`, `html`, or empty.
    public var version: String
    public var title: String?
    public var link: String?
    public var subtitle: String?
    public var language: String?
    public var updated: Date?
    public var author: String?
    public var entries: [FeedEntry]
    /// Each recovery the parser had to make, in words a person understands.
    public var warnings: [String]
    /// Why nothing usable could be read, or `nil`.
    public var error: String?

    public init(
        source: String, kind: Kind? = nil, version: String = "", title: String? = nil,
        link: String? = nil, subtitle: String? = nil, language: String? = nil,
        updated: Date? = nil, author: String? = nil, entries: [FeedEntry] = [],
        warnings: [String] = [], error: String? = nil
    ) {
        self.source = source
        self.kind = kind
        self.version = version
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.author = author
        self.entries = entries
        self.warnings = warnings
        self.error = error
    }

    /// A document that could not be read at all.
    public static func failed(_ source: String, _ error: String) -> FeedDocument {
        FeedDocument(source: source, error: error)
    }
}

/// One item of a feed, or one page (or one selected item of a page).
public struct FeedEntry: Sendable, Hashable, Codable {
    public var id: String?
    /// Plain text.
    public var title: String?
    /// Absolute URL.
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var author: String?
    /// Sanitized HTML (or plain text) as the feed gave it.
    public var summary: String?
    /// Sanitized HTML (or plain text) as the feed gave it.
    public var content: String?
    /// Plain text of title + summary/content: the string that gets matched and scored.
    public var text: String
    public var categories: [String]
    public var language: String?

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, author: String? = nil, summary: String? = nil,
        content: String? = nil, text: String = "", categories: [String] = [],
        language: String? = nil
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.summary = summary
        self.content = content
        self.text = text
        self.categories = categories
        self.language = language
    }
}
