/// One feed listed in an OPML file.
public struct OPMLFeed: Sendable, Hashable {
    /// The feed's URL (`xmlUrl`), as written.
    public var url: String
    /// The outline's `title`, or its `text` when it has no title.
    public var title: String?
    /// The site the feed belongs to (`htmlUrl`).
    public var site: String?
    /// The folders the outline is nested in, outermost first, joined by ` / `.
    public var folder: String?
    /// The line of the outline in the OPML file.
    public var line: Int

    /// A feed read from an outline.
    public init(url: String, title: String? = nil, site: String? = nil, folder: String? = nil, line: Int = 0) {
        self.url = url
        self.title = title
        self.site = site
        self.folder = folder
        self.line = line
    }
}
