/// XPath selectors that cut a page into many entries (a forum thread, a
/// review page), like Huginn's WebsiteAgent but evaluated by libxml2.
///
/// `item` selects the item elements; the others are evaluated relative to
/// each item and default to sensible choices (the item's text, its first link).
/// Each is an XPath expression, or a bare element name as shorthand (`article`
/// means `//article` for items, `.//article` inside one). A link selector may
/// name the element (its `href` is used) or the attribute; a date selector
/// may name a `<time>` (its `datetime` is used).
public struct PageSelectors: Sendable, Hashable, Codable {
    public var item: String
    public var title: String?
    public var link: String?
    public var date: String?
    public var author: String?
    public var text: String?

    public init(
        item: String, title: String? = nil, link: String? = nil, date: String? = nil, author: String? = nil,
        text: String? = nil
    ) {
        self.item = item
        self.title = title
        self.link = link
        self.date = date
        self.author = author
        self.text = text
    }
}
