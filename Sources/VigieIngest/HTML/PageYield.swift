import CLibXML2
import Foundation
import VigieCore

/// What a page yields without selectors, beyond its main text: its items
/// (structured data first, else repeated blocks) and its passages.
struct PageYield {
    /// The items, in page order.
    var items: [PageItem] = []
    /// The same, as entries of the page (each is also a passage).
    var entries: [FeedEntry] = []
    /// Whether the items are the page itself (a review page, a forum thread)
    /// rather than something apart from an article (its comments).
    var itemsArePage = false
    /// The passages of the page's current version: each item, and each block of
    /// the main text outside the items.
    var passages: [FeedEntry] = []

    init(
        document: XMLDocument, root: XMLNode, content: MainContent, body: String, base: String?, pageLink: String?,
        title: String?, language: String?, jsonLD: [(script: XMLNode, value: Any?)]
    ) {
        let elements = content.elements
        let structured = StructuredItems.find(in: root, elements: elements, base: base, jsonLD: jsonLD)
        var coveredText = 0
        if !structured.isEmpty {
            items = structured
            for item in structured where body.contains(String(item.text.prefix(60))) {
                coveredText += item.text.utf8.count
            }
        } else {
            let blocks = RepeatedBlocks(root: root, content: content)
            let nodes = PageYield.distinct(PageYield.inDocumentOrder(blocks.groups.flatMap { $0 }), content: content)
            var all = ElementSet(elements)
            for node in nodes { all.insert(node) }
            var article = ElementSet(elements)
            for block in content.blocks { article.insert(block) }
            for node in nodes {
                var item = PageYield.read(node, document: document, content: content, items: all)
                guard !item.text.isEmpty else { continue }
                item.isComment = PageYield.isInComments(node, content: content)
                if !item.isComment, PageYield.isInside(node, article), let figures = content.figures(of: node) {
                    coveredText += figures.text
                }
                items.append(item)
            }
        }
        let articleText = content.blocks.reduce(0) { $0 + (content.figures(of: $1)?.text ?? 0) }
        itemsArePage = !items.isEmpty && Double(coveredText) >= 0.5 * Double(max(articleText, body.utf8.count / 2))

        entries = items.map { $0.entry(pageLink: pageLink, language: language) }
        passages = entries
        var blocks: [(text: String, anchor: String?)] = []
        var itemNodes = ElementSet(elements)
        for case let node? in items.map(\.node) { itemNodes.insert(node) }
        for block in content.blocks {
            PageYield.leafBlocks(block, content: content, skipping: itemNodes, depth: 0, into: &blocks)
        }
        let itemTexts = structured.isEmpty ? [] : items.map(\.text)
        for (text, anchor) in blocks where !itemTexts.contains(where: { $0.contains(text) }) {
            let link = anchor.flatMap { anchor in pageLink.map { PageItem.link($0, anchor: anchor) } }
            let id = link ?? pageLink.map { PageItem.link($0, anchor: "passage-" + PageItem.digest(text)) }
            passages.append(
                FeedEntry(
                    id: id, title: title, link: link ?? pageLink, text: text, language: language, foundBy: .passage))
        }
    }

    /// An item read from its block: title, date, author and rating apart, the rest as its text.
    static func read(_ node: XMLNode, document: XMLDocument, content: MainContent, items: ElementSet) -> PageItem {
        var item = PageItem(
            node: node, text: "", anchor: node.attribute("id") ?? firstID(in: node), method: .repeatedBlocks,
            isComment: false)
        let elements = content.elements
        var skipped = items
        skipped.remove(node)
        if let date = ItemFields.dateElement(in: node, elements: elements) {
            item.published = ItemFields.date(of: date)
            if PageMetadata.text(of: date).map({ $0.count <= 64 }) ?? true { skipped.insert(date) }
        }
        if let author = ItemFields.authorElement(in: node, elements: elements) {
            item.author = ItemFields.name(of: author, elements: elements)
            skipped.insert(author)
        }
        if let headline = ItemFields.headline(in: node, elements: elements) {
            item.title = PageMetadata.text(of: headline)
            skipped.insert(headline)
        }
        (item.rating, item.bestRating) = ItemFields.rating(in: node, elements: elements)
        innerFurniture(node, content: content, depth: 0, into: &skipped)
        var walker = MarkupWalker(document: document, base: nil, buildsHTML: false)
        walker.skipped = skipped
        walker.elements = elements
        walker.walkChildren(of: node)
        item.text = walker.text.string
        return item
    }

    /// Navigation, forms, buttons and link lists ("Reply", "Report") inside an item.
    private static func innerFurniture(
        _ node: XMLNode, content: MainContent, depth: Int, into skipped: inout ElementSet
    ) {
        guard depth < 32 else { return }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let kind = content.elements.kind(of: current)
            let name = kind.name
            let figures = content.figures(of: current)
            // A measured element's verdict is in its figures; a dropped one's is worked out again.
            if name == "nav" || name == "form" || name == "menu"
                || (figures.map { $0.linkDensity > 0.6 && $0.text < 200 } ?? false)
                || (figures?.verdict ?? kind.verdict ?? Boilerplate.verdict(byAttributes: current)) == .structural
                    && name != "header" && name != "footer"
            {
                skipped.insert(current)
                continue
            }
            innerFurniture(current, content: content, depth: depth + 1, into: &skipped)
        }
    }

    private static func firstID(in node: XMLNode) -> String? {
        for child in node.children where child.isElement {
            if let id = child.attribute("id"), !id.isEmpty { return id }
            return nil
        }
        return nil
    }

    /// The blocks of the main text that hold no other block (paragraphs, list items, headings), with their `id`.
    private static func leafBlocks(
        _ node: XMLNode, content: MainContent, skipping items: ElementSet, depth: Int,
        into blocks: inout [(text: String, anchor: String?)]
    ) {
        guard depth < 64, !items.contains(node), !content.furniture.contains(node) else { return }
        var hasBlock = false
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            if content.elements.kind(of: current).isBlockElement {
                hasBlock = true
                break
            }
        }
        if !hasBlock {
            if let text = PageMetadata.text(of: node), PageYield.holdsSpace(text) || text.count > 12 {
                blocks.append((text, node.attribute("id")))
            }
            return
        }
        child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement, content.elements.kind(of: current).rule != .drop else { continue }
            leafBlocks(current, content: content, skipping: items, depth: depth + 1, into: &blocks)
        }
    }

    /// Whether `text` holds a space, as Foundation's `contains(" ")` reads it (which cost 4.5 M
    /// instructions on the bench's every tenth page): a space between two ASCII bytes answers at
    /// once; anything else (a space a combining mark may join) is left to Foundation.
    private static func holdsSpace(_ text: String) -> Bool {
        var previousIsASCII = true
        var spaceBefore = false
        for byte in text.utf8 {
            if spaceBefore && byte < 0x80 { return true }
            spaceBefore = byte == 0x20 && previousIsASCII
            previousIsASCII = byte < 0x80
        }
        return spaceBefore || text.contains(" ")
    }

    private static func isInComments(_ node: XMLNode, content: MainContent) -> Bool {
        var current: XMLNode? = node
        while let here = current, here.isElement {
            if content.commentSectionSet.contains(here) || content.figures(of: here)?.verdict == .comments {
                return true
            }
            current = here.parent
        }
        return false
    }

    private static func isInside(_ node: XMLNode, _ ancestors: ElementSet) -> Bool {
        var current: XMLNode? = node
        while let here = current, here.isElement {
            if ancestors.contains(here) { return true }
            current = here.parent
        }
        return false
    }

    /// `nodes` without those that are most of an item around them (a comment's `<li>` and the
    /// `<article>` inside it are one comment; a reply inside a comment is one more).
    static func distinct(_ nodes: [XMLNode], content: MainContent) -> [XMLNode] {
        var all = ElementSet(content.elements)
        for node in nodes { all.insert(node) }
        return nodes.filter { node in
            let text = content.figures(of: node)?.text ?? 0
            var parent = node.parent
            while let current = parent, current.isElement {
                if all.contains(current) {
                    return Double(text) < 0.7 * Double(content.figures(of: current)?.text ?? 0)
                }
                parent = current.parent
            }
            return true
        }
    }

    /// `nodes` (elements of one page, without repeats) in document order: by their numbers.
    static func inDocumentOrder(_ nodes: [XMLNode]) -> [XMLNode] {
        nodes.sorted { $0.elementNumber < $1.elementNumber }
    }
}
