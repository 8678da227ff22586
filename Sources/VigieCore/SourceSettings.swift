import Foundation

/// One source to watch, as the configuration describes it.
///
/// Produced by `VigieConfig` from `vigie.yaml`; taken as is by the fetcher and
/// the watcher, which never read YAML themselves.
public struct SourceSettings: Sendable, Hashable, Codable {
    /// How to read what the source returns.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Decide from the content type and the document itself.
        case auto
        /// An RSS feed (0.9x, 1.0 or 2.0).
        case rss
        /// An Atom feed.
        case atom
        /// A JSON Feed (1.0 or 1.1).
        case json
        /// A web page, one entry or one entry per selected item.
        case html
    }

    /// CSS-like selectors that cut an HTML page into several entries.
    public struct Selectors: Sendable, Hashable, Codable {
        /// Selects each item of the page; required.
        public var item: String
        /// Inside an item: its title.
        public var title: String?
        /// Inside an item: the element whose `href` is its link.
        public var link: String?
        /// Inside an item: its publication date.
        public var date: String?
        /// Inside an item: its text (the whole item when absent).
        public var text: String?

        /// Selectors for the items of a page; only `item` is required.
        public init(
            item: String, title: String? = nil, link: String? = nil, date: String? = nil, text: String? = nil
        ) {
            self.item = item
            self.title = title
            self.link = link
            self.date = date
            self.text = text
        }
    }

    /// A short name for logs and listings (the configured one, or one made from the URL).
    public var name: String
    /// `https://`, `http://` or `file://` (file URLs are absolute).
    public var url: URL
    /// How to read what the source returns.
    public var kind: Kind
    /// Time between two polls (before jitter).
    public var interval: Duration
    /// Extra HTTP request headers, in the configuration's order.
    public var headers: [Header]
    /// How to cut an HTML page into entries; `nil` makes the page one entry.
    public var selectors: Selectors?
    /// Only these brands are matched on this source; `nil` means every brand.
    public var brands: [String]?
    /// The site the source belongs to (OPML `htmlUrl`), for people.
    public var site: String?
    /// The folder the source was filed under (OPML outline path), for people.
    public var folder: String?
    /// `false` keeps the source in the file without polling it.
    public var enabled: Bool

    /// One HTTP header.
    public struct Header: Sendable, Hashable, Codable {
        /// The header's name, as configured (`Accept-Language`).
        public var name: String
        /// Its value, one line of text.
        public var value: String

        /// A header to send with every request to the source.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A source with the configuration's defaults (`auto`, every 15 minutes, no headers).
    public init(
        name: String, url: URL, kind: Kind = .auto, interval: Duration = .seconds(900), headers: [Header] = [],
        selectors: Selectors? = nil, brands: [String]? = nil, site: String? = nil, folder: String? = nil,
        enabled: Bool = true
    ) {
        self.name = name
        self.url = url
        self.kind = kind
        self.interval = interval
        self.headers = headers
        self.selectors = selectors
        self.brands = brands
        self.site = site
        self.folder = folder
        self.enabled = enabled
    }
}
