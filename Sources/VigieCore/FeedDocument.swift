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
    /// For a page read without selectors: the passages of this version of it (each item, and each
    /// block of its main text), which a watcher compares with the last version it saw to find what
    /// is new. Empty for feeds.
    public var passages: [FeedEntry] = []
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
    /// How a page's entry was found (`nil` for a feed's entries).
    public var foundBy: FoundBy?
    /// A review's rating, as the page states it (with ``bestRating``, the top of its scale).
    public var rating: Double?
    public var bestRating: Double?

    /// How an entry of a web page was found.
    public enum FoundBy: String, Sendable, Hashable, Codable {
        /// The page's main text: the page is one entry (its article).
        case mainText = "main_text"
        /// The source's `selectors:`.
        case selectors
        /// Blocks repeated with one shape (reviews, forum posts, comments).
        case repeatedBlocks = "repeated_blocks"
        /// schema.org data (JSON-LD or microdata): `Review`, `Comment`, `DiscussionForumPosting`.
        case structuredData = "structured_data"
        /// A passage of the page's main text that a watched page did not have before.
        case passage
    }

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, author: String? = nil, summary: String? = nil,
        content: String? = nil, text: String = "", categories: [String] = [],
        language: String? = nil, foundBy: FoundBy? = nil, rating: Double? = nil, bestRating: Double? = nil
    ) {
        self.foundBy = foundBy
        self.rating = rating
        self.bestRating = bestRating
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
