/// What the sanitizer and the text extractor do with each HTML element.
enum MarkupRule: Sendable {
    /// Kept, with its allowed attributes.
    case keep
    /// Kept; has no content and no end tag (`<br />`).
    case void
    /// Removed with everything inside it (script, style, embedded objects, form controls).
    case drop
    /// Its tag is removed, its content kept (unknown or presentational elements).
    case unwrap

    /// The rule for a lowercase element name, and whether the element separates sentences
    /// in the plain text (one hash lookup).
    static func classify(_ name: String) -> (rule: MarkupRule, isBlock: Bool) {
        classes[name] ?? (.unwrap, false)
    }

    /// The elements these rules name, with their rule; others are `.unwrap` and not blocks.
    struct Tag: @unchecked Sendable {
        let name: String
        let rule: MarkupRule
        let isBlock: Bool
        /// `<name` and `</name>`, written as they are (memory made once and never freed, read-only).
        let opening: UnsafeBufferPointer<UInt8>
        let closing: UnsafeBufferPointer<UInt8>

        init(name: String, rule: MarkupRule, isBlock: Bool) {
            (self.name, self.rule, self.isBlock) = (name, rule, isBlock)
            func bytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
                let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
                _ = memory.initialize(from: text.utf8)
                return UnsafeBufferPointer(memory)
            }
            opening = bytes("<" + name)
            closing = bytes("</" + name + ">")
        }
    }

    /// The tags by number (what ``tag(lowercasing:)`` gives), in a fixed order.
    static let tags: [Tag] = classes.sorted { $0.key < $1.key }.map {
        Tag(name: $0.key, rule: $0.value.rule, isBlock: $0.value.isBlock)
    }

    private static let tagWords = WordSet(tags.map(\.name))

    /// The number in ``tags`` of the element named by `name`'s bytes, ASCII letters lowered:
    /// what ``classify(_:)`` says of the lowered name, without making a `String` and hashing
    /// it (the sanitizer reads every tag of every feed entry).
    static func tag(lowercasing name: UnsafeBufferPointer<UInt8>) -> Int? {
        tagWords.number(lowercasing: name)
    }

    private static let classes: [String: (rule: MarkupRule, isBlock: Bool)] = {
        var classes: [String: (rule: MarkupRule, isBlock: Bool)] = [:]
        for (name, rule) in table { classes[name] = (rule, blocks.contains(name)) }
        for name in blocks where classes[name] == nil { classes[name] = (.unwrap, true) }
        return classes
    }()

    private static let table: [String: MarkupRule] = {
        var table: [String: MarkupRule] = [:]
        for name in [
            "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote",
            "caption", "center", "cite", "code", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
            "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "i",
            "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small",
            "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
            "time", "tr", "tt", "u", "ul", "var", "picture", "video", "audio",
        ] { table[name] = .keep }
        for name in ["br", "hr", "img", "wbr", "area", "col", "source", "track"] { table[name] = .void }
        for name in [
            "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noembed",
            "noframes", "template", "head", "title", "meta", "link", "base", "svg", "math", "param", "input",
            "button", "select", "textarea", "option", "optgroup", "canvas", "dialog", "noscript", "xml",
        ] { table[name] = .drop }
        return table
    }()

    private static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tr",
        "ul", "body", "html", "form", "fieldset", "legend", "menu", "tfoot",
    ]

    /// Attributes that survive sanitizing; everything else (event handlers,
    /// `style`, unknown attributes) is dropped.
    private static let allowedNames = [
        "href", "src", "alt", "title", "width", "height", "lang", "dir", "colspan", "rowspan", "datetime",
        "cite", "hreflang", "abbr", "headers", "scope", "start", "reversed", "type", "poster",
    ]

    /// Attributes whose value is a URL: made absolute, dropped when unsafe.
    private static let urlAttributes = WordSet(["href", "src", "cite", "poster"])
    private static let allowedAttributes = WordSet(allowedNames)

    /// The number of the allowed attribute named by `name`'s bytes, ASCII letters lowered,
    /// or `nil`: the sanitizer asks for every attribute of every tag it keeps.
    static func allowedAttribute(lowercasing name: UnsafeBufferPointer<UInt8>) -> Int? {
        allowedAttributes.number(lowercasing: name)
    }

    /// Whether the allowed attribute numbered `attribute` holds a URL.
    private static let holdsURL = allowedNames.map { urlAttributes.contains($0) }

    /// Writes ` name="value"` to `html` for an allowed attribute (its number): URLs made
    /// absolute against `base`, unsafe URLs dropped. `value` is UTF-8, references decoded.
    static func appendAttribute<Sink: UTF8Sink & ~Copyable>(
        _ attribute: Int, _ value: UnsafeBufferPointer<UInt8>, base: String?, to html: inout Sink
    ) {
        if holdsURL[attribute] && URLResolver.isUnsafe(value) { return }
        html.append(UInt8(ascii: " "))
        html.appendUTF8(of: allowedNames[attribute])
        html.appendASCII("=\"")
        if holdsURL[attribute] {
            URLResolver.resolve(value, against: base) { html.appendEscaped($0, quote: true) }
        } else {
            html.appendEscaped(value, quote: true)
        }
        html.append(UInt8(ascii: "\""))
    }

    /// ``appendAttribute(_:_:base:to:)`` for an attribute named `name` (any case); nothing
    /// when the name is not allowed.
    static func appendAttribute<Sink: UTF8Sink & ~Copyable>(
        named name: String, _ value: String, base: String?, to html: inout Sink
    ) {
        var name = name
        guard let attribute = name.withUTF8({ allowedAttribute(lowercasing: $0) }) else { return }
        var value = value
        value.withUTF8 { appendAttribute(attribute, $0, base: base, to: &html) }
    }
}
