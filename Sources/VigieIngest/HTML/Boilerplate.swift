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
    private static let markers: Set<String> = [
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

    /// Words that mark a comment section or a comment.
    private static let commentMarkers: Set<String> = [
        "comment", "comments", "commentlist", "disqus", "responses", "replies", "reactions", "discussion",
    ]

    /// Words that, as a whole token, say "this is the article" (never furniture).
    private static let articleTokens: Set<String> = [
        "article-body", "articlebody", "article-content", "post-content", "entry-content", "post-body",
        "story-body", "article__body", "article-text", "body-text",
    ]

    static func isBoilerplate(_ node: XMLNode, name: String) -> Bool {
        verdict(node, name: name) != .content
    }

    /// The element's verdict, from one pass over its attributes.
    static func verdict(_ node: XMLNode, name: String) -> Verdict {
        if elements.contains(name) { return .structural }
        // A form usually holds a search box or a login; some sites wrap the whole page in one.
        if name == "figcaption" || name == "form" { return .marked }
        guard node.pointer.pointee.properties != nil else { return .content }
        var words: [String] = []
        var attribute = node.pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let attributeName = current.pointee.name
            if bytesEqual(attributeName, "hidden") { return .structural }
            let isAria = bytesEqual(attributeName, "aria-hidden")
            let isRole = bytesEqual(attributeName, "role")
            let isWord = bytesEqual(attributeName, "id") || bytesEqual(attributeName, "class")
            guard isAria || isRole || isWord else { continue }
            if isWord, let value = plainASCIIValue(current) {
                appendWords(value, to: &words)
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
                words.append(String(token))
            }
        }
        return classify(words)
    }

    /// The verdict for `class` and `id` tokens (lower case).
    static func classify(_ tokens: [String]) -> Verdict {
        guard !tokens.isEmpty else { return .content }
        for token in tokens where articleTokens.contains(token) { return .content }
        var marked = false
        for token in tokens {
            guard let (first, last) = outerParts(token) else { continue }
            if commentMarkers.contains(token) || commentMarkers.contains(first) || commentMarkers.contains(last) {
                return .comments
            }
            if markers.contains(token) || markers.contains(first) || markers.contains(last) {
                marked = true
            }
        }
        return marked ? .marked : .content
    }

    /// The first and last parts of a token cut at `-` and `_`; `nil` when it has none.
    private static func outerParts(_ token: String) -> (first: String, last: String)? {
        let bytes = token.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            // By character: a `-` joined to a combining mark is not a separator.
            let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" })
            guard let first = parts.first, let last = parts.last else { return nil }
            return (String(first), String(last))
        }
        let isSeparator = { (byte: UInt8) in byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") }
        guard let firstStart = bytes.firstIndex(where: { !isSeparator($0) }),
            let lastEnd = bytes.lastIndex(where: { !isSeparator($0) })
        else { return nil }
        let firstEnd = bytes[firstStart...].firstIndex(where: isSeparator) ?? bytes.endIndex
        if firstStart == bytes.startIndex && firstEnd == bytes.endIndex { return (token, token) }
        let lastStart = bytes[..<lastEnd].lastIndex(where: isSeparator).map(bytes.index(after:)) ?? bytes.startIndex
        return (String(token[firstStart..<firstEnd]), String(token[lastStart...lastEnd]))
    }

    /// An attribute's value when it is one text node of ASCII without a carriage return: its
    /// bytes are then its characters (no `\r\n` pair, no combining mark), and lower case is ASCII's.
    private static func plainASCIIValue(_ attribute: xmlAttrPtr) -> UnsafePointer<xmlChar>? {
        guard let text = attribute.pointee.children, text.pointee.next == nil, let content = text.pointee.content
        else { return nil }
        var p = UnsafePointer(content)
        while p.pointee != 0 {
            if p.pointee >= 0x80 || p.pointee == 0x0D { return nil }
            p += 1
        }
        return UnsafePointer(content)
    }

    /// Appends the lower-case words of a plain ASCII value, cut at spaces, tabs and line feeds.
    private static func appendWords(_ value: UnsafePointer<xmlChar>, to words: inout [String]) {
        var p = value
        while p.pointee != 0 {
            while p.pointee == 0x20 || p.pointee == 0x09 || p.pointee == 0x0A { p += 1 }
            let start = p
            while p.pointee != 0 && p.pointee != 0x20 && p.pointee != 0x09 && p.pointee != 0x0A { p += 1 }
            guard p > start else { break }
            words.append(String(lowercasingASCII: UnsafeBufferPointer(start: start, count: p - start)))
        }
    }

    /// Words of `class` and `id` that say a block is probably the article.
    private static let positiveParts: Set<String> = [
        "article", "body", "content", "entry", "main", "post", "text", "story", "blog", "page", "articlebody",
        "prose", "richtext", "rte",
    ]

    /// Words of `class` and `id` that say a block is probably not the article.
    private static let negativeParts: Set<String> = [
        "comment", "comments", "meta", "footer", "footnote", "sidebar", "widget", "share", "social", "related",
        "promo", "ad", "ads", "sponsor", "teaser", "card", "nav", "menu", "header", "masthead", "banner", "aside",
        "popular", "trending", "newsletter", "subscribe", "recommend", "more", "list", "tags", "author",
    ]

    /// A readability-style weight from `class` and `id`: positive for words
    /// naming content, negative for words naming furniture.
    static func classWeight(_ node: XMLNode) -> Double {
        guard node.pointer.pointee.properties != nil else { return 0 }
        var weight = 0.0
        for attributeName in ["class", "id"] {
            guard let value = node.attribute(attributeName)?.lowercased(), !value.isEmpty else { continue }
            var positive = false
            var negative = false
            for part in value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" }) {
                let word = String(part)
                if positiveParts.contains(word) { positive = true }
                if negativeParts.contains(word) { negative = true }
            }
            if positive { weight += 25 }
            if negative { weight -= 25 }
        }
        return weight
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
