import CLibXML2
import Foundation
import VigieCore

/// What a page yields without selectors, beyond its main text: its items
/// (structured data first, else repeated blocks) and its passages.
struct PageYield {
    /// The items, in page order.
    var items: [PageItem] = []
    /// Whether the items are the page itself (a review page, a forum thread)
    /// rather than something apart from an article (its comments).
    var itemsArePage = false
    /// The passages of the page's current version: each item, and each block of
    /// the main text outside the items.
    var passages: [FeedEntry] = []

    init(
        document: XMLDocument, root: XMLNode, content: MainContent, body: String, base: String?, pageLink: String?,
        title: String?, language: String?
    ) {
        let structured = StructuredItems.find(in: root, document: document, base: base)
        var coveredText = 0
        if !structured.isEmpty {
            items = structured
            for item in structured where body.contains(String(item.text.prefix(60))) {
                coveredText += item.text.utf8.count
            }
        } else {
            let blocks = RepeatedBlocks(document: document, root: root, content: content)
            let nodes = PageYield.distinct(
                PageYield.inDocumentOrder(blocks.groups.flatMap { $0 }, root: root), content: content)
            let all = Set(nodes.map(\.pointer))
            let article = Set(content.blocks.map(\.pointer))
            for node in nodes {
                var item = PageYield.read(node, document: document, content: content, items: all)
                guard !item.text.isEmpty else { continue }
                item.isComment = PageYield.isInComments(node, content: content)
                if !item.isComment, PageYield.isInside(node, article), let figures = content.figures[node.pointer] {
                    coveredText += figures.text
                }
                items.append(item)
            }
        }
        let articleText = content.blocks.reduce(0) { $0 + (content.figures[$1.pointer]?.text ?? 0) }
        itemsArePage = !items.isEmpty && Double(coveredText) >= 0.5 * Double(max(articleText, body.utf8.count / 2))

        for item in items { passages.append(item.entry(pageLink: pageLink, language: language)) }
        var blocks: [(text: String, anchor: String?)] = []
        let itemNodes = Set(items.compactMap { $0.node?.pointer })
        for block in content.blocks {
            PageYield.leafBlocks(
                block, document: document, content: content, skipping: itemNodes, depth: 0, into: &blocks)
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
    static func read(_ node: XMLNode, document: XMLDocument, content: MainContent, items: Set<xmlNodePtr>)
        -> PageItem
    {
        var item = PageItem(
            node: node, text: "", anchor: node.attribute("id") ?? firstID(in: node), method: .repeatedBlocks,
            isComment: false)
        var skipped = items
        skipped.remove(node.pointer)
        if let date = ItemFields.dateElement(in: node, document: document) {
            item.published = ItemFields.date(of: date)
            if PageMetadata.text(of: date).map({ $0.count <= 64 }) ?? true { skipped.insert(date.pointer) }
        }
        if let author = ItemFields.authorElement(in: node, document: document) {
            item.author = ItemFields.name(of: author, document: document)
            skipped.insert(author.pointer)
        }
        if let headline = ItemFields.headline(in: node, document: document) {
            item.title = PageMetadata.text(of: headline)
            skipped.insert(headline.pointer)
        }
        (item.rating, item.bestRating) = ItemFields.rating(in: node, document: document)
        innerFurniture(node, document: document, content: content, depth: 0, into: &skipped)
        var walker = MarkupWalker(document: document, base: nil, buildsHTML: false)
        walker.skipped = skipped
        walker.walkChildren(of: node)
        item.text = walker.text.string
        return item
    }

    /// Navigation, forms, buttons and link lists ("Reply", "Report") inside an item.
    private static func innerFurniture(
        _ node: XMLNode, document: XMLDocument, content: MainContent, depth: Int, into skipped: inout Set<xmlNodePtr>
    ) {
        guard depth < 32 else { return }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let name = document.lowercasedName(of: current)
            let figures = content.figures[current.pointer]
            if name == "nav" || name == "form" || name == "menu"
                || (figures.map { $0.linkDensity > 0.6 && $0.text < 200 } ?? false)
                || Boilerplate.verdict(current, name: name) == .structural && name != "header" && name != "footer"
            {
                skipped.insert(current.pointer)
                continue
            }
            innerFurniture(current, document: document, content: content, depth: depth + 1, into: &skipped)
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
        _ node: XMLNode, document: XMLDocument, content: MainContent, skipping items: Set<xmlNodePtr>, depth: Int,
        into blocks: inout [(text: String, anchor: String?)]
    ) {
        guard depth < 64, !items.contains(node.pointer), !content.furniture.contains(node.pointer) else { return }
        var hasBlock = false
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let name = document.lowercasedName(of: current)
            if MarkupRule.isBlock(name) && name != "br" {
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
            guard current.isElement, MarkupRule.of(document.lowercasedName(of: current)) != .drop else { continue }
            leafBlocks(current, document: document, content: content, skipping: items, depth: depth + 1, into: &blocks)
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
        let sections = Set(content.commentSections.map(\.pointer))
        var current: XMLNode? = node
        while let here = current, here.isElement {
            if sections.contains(here.pointer) || content.figures[here.pointer]?.verdict == .comments { return true }
            current = here.parent
        }
        return false
    }

    private static func isInside(_ node: XMLNode, _ ancestors: Set<xmlNodePtr>) -> Bool {
        var current: XMLNode? = node
        while let here = current, here.isElement {
            if ancestors.contains(here.pointer) { return true }
            current = here.parent
        }
        return false
    }

    /// `nodes` without those that are most of an item around them (a comment's `<li>` and the
    /// `<article>` inside it are one comment; a reply inside a comment is one more).
    static func distinct(_ nodes: [XMLNode], content: MainContent) -> [XMLNode] {
        let all = Set(nodes.map(\.pointer))
        return nodes.filter { node in
            let text = content.figures[node.pointer]?.text ?? 0
            var parent = node.parent
            while let current = parent, current.isElement {
                if all.contains(current.pointer) {
                    return Double(text) < 0.7 * Double(content.figures[current.pointer]?.text ?? 0)
                }
                parent = current.parent
            }
            return true
        }
    }

    /// `nodes` sorted in document order (one walk of the tree).
    static func inDocumentOrder(_ nodes: [XMLNode], root: XMLNode) -> [XMLNode] {
        guard nodes.count > 1 else { return nodes }
        let wanted = Set(nodes.map(\.pointer))
        var ordered: [XMLNode] = []
        var stack: [XMLNode] = [root]
        while let node = stack.popLast(), ordered.count < wanted.count {
            if wanted.contains(node.pointer) { ordered.append(node) }
            var children: [XMLNode] = []
            var child = node.firstChild
            while let current = child {
                if current.isElement { children.append(current) }
                child = current.next
            }
            stack.append(contentsOf: children.reversed())
        }
        return ordered
    }
}
