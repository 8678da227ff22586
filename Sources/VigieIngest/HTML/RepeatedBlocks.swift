import CLibXML2
import Foundation
import VigieCore

/// Finds the items of a page that has no selectors: blocks repeated with one
/// shape — three or more siblings with the same element and `class` (digits
/// aside: `post-12`, `post-13`), each with text of its own, little of it in
/// links, and a date or an author — as a forum thread's posts, a review page's
/// reviews or an article's comments are. Inside a comment section, one such
/// block is enough.
///
/// Lists that only look alike are not items: menus and link lists (link
/// text), teaser cards (their headline is a link to another page), blocks in
/// furniture (sidebars, "most read"), and paragraphs (no date, no author).
struct RepeatedBlocks {
    let content: MainContent
    private(set) var groups: [[XMLNode]] = []

    init(root: XMLNode, content: MainContent) {
        self.content = content
        find(root, depth: 0, inComments: false)
    }

    private mutating func find(_ node: XMLNode, depth: Int, inComments: Bool) {
        guard depth < 128 else { return }
        var bySignature: [String: [XMLNode]] = [:]
        var order: [String] = []
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let isCommentSection = content.commentSectionSet.contains(current)
            if content.furniture.contains(current) && !isCommentSection {
                // Furniture (but a comment is a comment, also in a comment section)
                if !(inComments && content.figures(of: current)?.verdict == .comments) { continue }
            }
            let kind = content.elements.kind(of: current)
            if kind.rule == .drop || kind.name == "form" { continue }
            find(current, depth: depth + 1, inComments: inComments || isCommentSection)
            guard kind.isItemElement else { continue }
            let signature = kind.name + "." + RepeatedBlocks.classSignature(current)
            if bySignature[signature] == nil { order.append(signature) }
            bySignature[signature, default: []].append(current)
        }
        for signature in order {
            guard let members = bySignature[signature] else { continue }
            // In a comment section, fewer blocks do when each says it is a comment (`class="comment"`).
            let comments = inComments && members.allSatisfy { content.figures(of: $0)?.verdict == .comments }
            if members.count >= 3 || comments {
                let accepted = members.filter(isItemShaped)
                let enough = members.count >= 3 ? accepted.count >= 3 : !accepted.isEmpty
                guard enough, accepted.count * 3 >= members.count * 2, !isTeaserList(accepted) else { continue }
                groups.append(accepted)
            }
        }
    }

    /// The `class` tokens, sorted, digits removed (so `post-12` and `post-13` are one shape).
    static func classSignature(_ node: XMLNode) -> String {
        guard let value = node.attribute("class")?.lowercased() else { return "" }
        let tokens: [String]
        if value.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            // Plain ASCII (no `\r\n` pair): bytes are characters and the only numbers are digits.
            tokens = value.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }).map {
                String(decoding: $0.filter { $0 < 0x30 || $0 > 0x39 }, as: UTF8.self)
            }
        } else {
            tokens = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map {
                String($0.filter { !$0.isNumber })
            }
        }
        return tokens.filter { !varyingClasses.contains($0) && !$0.isEmpty }.sorted().joined(separator: " ")
    }

    /// Tokens that vary between equal blocks (even/odd, state), left out of a signature.
    private static let varyingClasses: Set<String> = [
        "odd", "even", "alt", "first", "last", "active", "new", "unread", "read",
    ]

    /// Text of its own, little of it in links, and a date or an author.
    private func isItemShaped(_ node: XMLNode) -> Bool {
        guard let figures = content.figures(of: node), figures.text >= 30, figures.linkDensity < 0.4 else {
            return false
        }
        // A form ("Leave a reply", "Name *") is not what anyone said.
        if RepeatedBlocks.holdsFormControl(node, depth: 0) { return false }
        return ItemFields.dateElement(in: node, elements: content.elements) != nil
            || ItemFields.authorElement(in: node, elements: content.elements) != nil
    }

    private static func holdsFormControl(_ node: XMLNode, depth: Int) -> Bool {
        guard depth < 32 else { return false }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            if current.isNamedIgnoringCase("textarea") || current.isNamedIgnoringCase("input")
                || current.isNamedIgnoringCase("form")
            {
                return true
            }
            if holdsFormControl(current, depth: depth + 1) { return true }
        }
        return false
    }

    /// Whether most blocks open with a headline that is a link elsewhere (teaser cards).
    private func isTeaserList(_ members: [XMLNode]) -> Bool {
        var teasers = 0
        for member in members where ItemFields.hasLinkedHeadline(member, elements: content.elements) { teasers += 1 }
        return teasers * 2 > members.count
    }
}

/// Reads an item's date, author, title and rating from its block.
enum ItemFields {
    private static let dateWords = WordSet([
        "date", "time", "posted", "timestamp", "published", "datetime", "postdate", "created", "pubdate",
    ])
    private static let authorWords = WordSet([
        "author", "user", "username", "pseudo", "fn", "byline", "poster", "member", "nickname", "commenter",
        "reviewer", "auteur", "nom", "name", "who",
    ])

    /// The element that carries the date: a `<time>`, an `itemprop` date, or a block whose class says date.
    static func dateElement(in node: XMLNode, elements: PageElements) -> XMLNode? {
        first(in: node, elements: elements, depth: 0) { element, name in
            if name == "time" { return true }
            if let prop = element.attribute("itemprop")?.lowercased(),
                prop == "datepublished" || prop == "datecreated" || prop == "datemodified"
            {
                return true
            }
            return hasWord(element, dateWords) && date(of: element) != nil
        }
    }

    /// The element that carries the author's name.
    static func authorElement(in node: XMLNode, elements: PageElements) -> XMLNode? {
        first(in: node, elements: elements, depth: 0) { element, name in
            if element.attribute("itemprop")?.lowercased() == "author" { return true }
            if name == "cite" { return true }
            guard hasWord(element, authorWords), let text = PageMetadata.text(of: element) else { return false }
            return text.count <= 80
        }
    }

    /// The date an element carries (`datetime`, `content`, `title`, or its text).
    static func date(of element: XMLNode) -> Date? {
        for attribute in ["datetime", "content", "title", "data-date", "data-time"] {
            if let value = element.attribute(attribute), let date = PageDate.parse(value) { return date }
        }
        return PageMetadata.text(of: element).flatMap(PageDate.parse)
    }

    /// The name an author element carries (an `itemprop=name` inside it, or its text).
    static func name(of element: XMLNode, elements: PageElements) -> String? {
        if let inner = first(
            in: element, elements: elements, depth: 0,
            { child, _ in child.attribute("itemprop")?.lowercased() == "name" })
        {
            return PageMetadata.text(of: inner) ?? inner.attribute("content")
        }
        if let content = element.attribute("content"), !content.isEmpty { return content }
        return PageMetadata.text(of: element)
    }

    /// The first `<h2>`–`<h5>` of an item, as its title.
    static func headline(in node: XMLNode, elements: PageElements) -> XMLNode? {
        first(in: node, elements: elements, depth: 0) { _, name in
            name == "h2" || name == "h3" || name == "h4" || name == "h5"
        }
    }

    /// Whether the item's headline is (inside) a link.
    static func hasLinkedHeadline(_ node: XMLNode, elements: PageElements) -> Bool {
        guard let headline = headline(in: node, elements: elements) else { return false }
        if first(in: headline, elements: elements, depth: 0, { _, name in name == "a" }) != nil { return true }
        var parent = headline.parent
        while let current = parent, current.pointer != node.pointer {
            if current.isNamedIgnoringCase("a") { return true }
            parent = current.parent
        }
        return false
    }

    /// `itemprop=ratingValue` and `bestRating` inside an item.
    static func rating(in node: XMLNode, elements: PageElements) -> (value: Double?, best: Double?) {
        func number(_ prop: String) -> Double? {
            guard
                let element = first(
                    in: node, elements: elements, depth: 0,
                    { child, _ in child.attribute("itemprop")?.lowercased() == prop })
            else { return nil }
            let raw = element.attribute("content") ?? PageMetadata.text(of: element) ?? ""
            return Double(raw.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
        }
        return (number("ratingvalue"), number("bestrating"))
    }

    /// Whether a token of the element's `class` or `itemprop`, or its first or last part, is one of `words`.
    private static func hasWord(_ element: XMLNode, _ words: WordSet) -> Bool {
        guard element.pointer.pointee.properties != nil else { return false }
        return hasWord(element, "class", element.attributeText("class"), words)
            || hasWord(element, "itemprop", element.attributeText("itemprop"), words)
    }

    private static func hasWord(_ element: XMLNode, _ name: String, _ value: AttributeText, _ words: WordSet) -> Bool {
        switch value {
        case .absent:
            return false
        case .plainASCII(let bytes):
            let isSeparator = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
            return ClassWords.contains(bytes, separatedBy: isSeparator) { token in
                guard !words.contains(lowercasing: token) else { return true }
                guard let (first, last) = ClassWords.outerParts(token) else { return false }
                return words.contains(lowercasing: first) || words.contains(lowercasing: last)
            }
        case .other:
            guard let value = element.attribute(name)?.lowercased() else { return false }
            for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" })
                if words.contains(String(token)) { return true }
                if let first = parts.first, words.contains(String(first)) { return true }
                if let last = parts.last, words.contains(String(last)) { return true }
            }
            return false
        }
    }

    /// The first element under `node` (depth first, document order) that `test` accepts.
    static func first(
        in node: XMLNode, elements: PageElements, depth: Int, _ test: (XMLNode, String) -> Bool
    ) -> XMLNode? {
        guard depth < 32 else { return nil }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let kind = elements.kind(of: current)
            // `<meta itemprop=… content=…>` carries microdata values; other dropped elements hold nothing to read.
            if kind.rule == .drop && kind.name != "meta" { continue }
            if test(current, kind.name) { return current }
            if let found = first(in: current, elements: elements, depth: depth + 1, test) { return found }
        }
        return nil
    }
}
