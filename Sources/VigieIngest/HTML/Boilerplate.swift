import CLibXML2

/// Tells page furniture from content: what a reader does not read as part
/// of an article.
///
/// Furniture is known by its element (`nav`, `footer`, `aside`…), its ARIA
/// role, `hidden`, or a marker word in its `class` or `id` **as a whole token
/// or the first or last part of one** (`share`, `share-buttons`,
/// `post-comments`): a word inside a longer name (`content-with-sidebar-wrp`,
/// `elementor-widget-container`) says nothing about the element.
enum Boilerplate {
    /// What an element is, as far as furniture goes.
    enum Verdict: Equatable {
        /// Content, or an element that says nothing.
        case content
        /// Furniture by its element name, role or `hidden`: never read.
        case structural
        /// Furniture by a marker word: not read unless it holds the article itself.
        case marked
        /// A comment section or a comment: kept apart from the article (its comments are items).
        case comments
    }

    /// Elements that are furniture by their name alone.
    private static let elements: Set<String> = ["nav", "header", "footer", "aside", "menu", "dialog"]

    /// Words that mark furniture in `id` and `class`, as a whole token or its first or last part.
    private static let markerWords = [
        "cookie", "cookies", "consent", "gdpr", "banner", "share", "sharing", "sharebar", "social", "socials",
        "related", "sidebar", "newsletter", "subscribe", "subscription", "advert", "advertisement", "ad", "ads",
        "adslot", "advertising", "sponsor", "sponsored", "promo", "breadcrumb", "breadcrumbs", "navbar", "nav",
        "navigation", "menu", "popup", "modal", "footer", "masthead", "outbrain", "taboola", "paywall", "signup",
        "widget", "widgets", "recommend", "recommended", "recommendations", "caption", "credit", "credits",
        "popular", "trending", "mostread", "most", "teaser", "teasers", "tags", "tagcloud", "toolbar", "byline",
        "print", "pagination", "pager", "author", "bio", "disclaimer", "copyright", "skip", "hidden",
        "visually", "sr", "screenreader", "offscreen", "overlay", "lightbox", "gallery", "slider", "carousel",
        "readmore", "also", "more", "next", "prev", "previous", "jump", "toc", "rating", "ratings", "meta",
    ]
    private static let markers = WordSet(markerWords)

    /// Words that mark a comment section or a comment.
    private static let commentMarkerWords = [
        "comment", "comments", "commentlist", "disqus", "responses", "replies", "reactions", "discussion",
    ]
    private static let commentMarkers = WordSet(commentMarkerWords)

    /// Words that, as a whole token, say "this is the article" (never furniture).
    private static let articleTokenWords = [
        "article-body", "articlebody", "article-content", "post-content", "entry-content", "post-body",
        "story-body", "article__body", "article-text", "body-text",
    ]
    private static let articleTokens = WordSet(articleTokenWords)

    /// The three lists in one table, for tokens read in place: each token and part is looked up once, not
    /// once a list (seven lookups a token made the verdict the walk's largest cost after libxml2).
    private static let allMarkers = MarkerTable(
        article: articleTokenWords, comments: commentMarkerWords, furniture: markerWords)

    static func isBoilerplate(_ node: XMLNode, name: String) -> Bool {
        verdict(node, name: name) != .content
    }

    /// The element's verdict: by its name, else from one pass over its attributes.
    static func verdict(_ node: XMLNode, name: String) -> Verdict {
        verdict(byName: name) ?? verdict(byAttributes: node)
    }

    /// The verdict an element's name (lower case) gives on its own, if any.
    static func verdict(byName name: String) -> Verdict? {
        if elements.contains(name) { return .structural }
        // A form usually holds a search box or a login; some sites wrap the whole page in one.
        if name == "figcaption" || name == "form" { return .marked }
        return nil
    }

    /// The verdict of an element's attributes (for an element whose name gives none).
    static func verdict(byAttributes node: XMLNode) -> Verdict {
        guard node.pointer.pointee.properties != nil else { return .content }
        var words = MarkerWords()
        var attribute = node.pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let attributeName = current.pointee.name
            if bytesEqual(attributeName, "hidden") { return .structural }
            let isAria = bytesEqual(attributeName, "aria-hidden")
            let isRole = bytesEqual(attributeName, "role")
            let isWord = bytesEqual(attributeName, "id") || bytesEqual(attributeName, "class")
            guard isAria || isRole || isWord else { continue }
            if isWord, case .plainASCII(let value) = AttributeText(current) {
                ClassWords.forEach(in: value, separatedBy: ClassWords.isSpace) { words.add($0) }
                continue
            }
            guard let value = attributeValue(current) else { continue }
            let lowered = value.lowercased()
            if isAria, lowered == "true" { return .structural }
            if isRole {
                if ["navigation", "banner", "contentinfo", "complementary", "dialog", "alert"].contains(lowered) {
                    return .structural
                }
                continue
            }
            for token in lowered.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                words.add(String(token))
            }
        }
        return words.verdict
    }

    /// What the `class` and `id` tokens (lower case) of an element say, whatever their order: an
    /// article token wins, then a comment marker, then a furniture marker.
    private struct MarkerWords {
        private var article = false
        private var comments = false
        private var marked = false

        var verdict: Verdict { article ? .content : comments ? .comments : marked ? .marked : .content }

        /// A token of plain ASCII, in place (lowered as it is looked up).
        mutating func add(_ token: UnsafeBufferPointer<UInt8>) {
            let whole = allMarkers.lists(lowercasing: token)
            if whole.contains(.article) { article = true }
            guard let (first, last) = ClassWords.outerParts(token) else { return }
            // A token without a joiner is its own first and last part.
            var parts = whole
            if first.count != token.count {
                parts.formUnion(allMarkers.lists(lowercasing: first))
                parts.formUnion(allMarkers.lists(lowercasing: last))
            }
            if parts.contains(.comments) { comments = true }
            if parts.contains(.furniture) { marked = true }
        }

        /// A token of any other value.
        mutating func add(_ token: String) {
            if articleTokens.contains(token) { article = true }
            guard let (first, last) = outerParts(token) else { return }
            if commentMarkers.contains(token) || commentMarkers.contains(first) || commentMarkers.contains(last) {
                comments = true
            }
            if markers.contains(token) || markers.contains(first) || markers.contains(last) { marked = true }
        }
    }

    /// The first and last parts of a token cut at `-` and `_` by character (a `-` joined to a
    /// combining mark is not a separator); `nil` when it has none.
    private static func outerParts(_ token: String) -> (first: String, last: String)? {
        let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first, let last = parts.last else { return nil }
        return (String(first), String(last))
    }

    /// Words of `class` and `id` that say a block is probably the article.
    private static let positiveParts = WordSet([
        "article", "body", "content", "entry", "main", "post", "text", "story", "blog", "page", "articlebody",
        "prose", "richtext", "rte",
    ])

    /// Words of `class` and `id` that say a block is probably not the article.
    private static let negativeParts = WordSet([
        "comment", "comments", "meta", "footer", "footnote", "sidebar", "widget", "share", "social", "related",
        "promo", "ad", "ads", "sponsor", "teaser", "card", "nav", "menu", "header", "masthead", "banner", "aside",
        "popular", "trending", "newsletter", "subscribe", "recommend", "more", "list", "tags", "author",
    ])

    /// A readability-style weight from `class` and `id`: positive for words
    /// naming content, negative for words naming furniture.
    static func classWeight(_ node: XMLNode) -> Double {
        guard node.pointer.pointee.properties != nil else { return 0 }
        return classWeight(node, "class", node.attributeText("class"))
            + classWeight(node, "id", node.attributeText("id"))
    }

    /// The weight of one attribute's words (cut at spaces, tabs, `-` and `_`).
    private static func classWeight(_ node: XMLNode, _ name: String, _ value: AttributeText) -> Double {
        var positive = false
        var negative = false
        switch value {
        case .absent:
            return 0
        case .plainASCII(let bytes):
            let isSeparator = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || ClassWords.isJoiner(byte) }
            ClassWords.forEach(in: bytes, separatedBy: isSeparator) { part in
                if positiveParts.contains(lowercasing: part) { positive = true }
                if negativeParts.contains(lowercasing: part) { negative = true }
            }
        case .other:
            guard let value = node.attribute(name)?.lowercased() else { return 0 }
            for part in value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" }) {
                let word = String(part)
                if positiveParts.contains(word) { positive = true }
                if negativeParts.contains(word) { negative = true }
            }
        }
        return (positive ? 25 : 0) - (negative ? 25 : 0)
    }

    private static func attributeValue(_ attribute: xmlAttrPtr) -> String? {
        guard let text = attribute.pointee.children, text.pointee.next == nil, let content = text.pointee.content else {
            guard let value = xmlNodeListGetString(attribute.pointee.doc, attribute.pointee.children, 1) else {
                return nil
            }
            defer { vigie_xmlFree(value) }
            return String(cString: value)
        }
        return String(cString: content)
    }
}
