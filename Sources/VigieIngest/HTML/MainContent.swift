import CLibXML2
import Foundation

/// Finds the element that holds a page's article, the way a reader's eye does.
enum MainContent {
    /// `<article>` (the one with the most text), `[itemprop=articleBody]`,
    /// `<main>` or `[role=main]`; otherwise the element whose paragraphs hold
    /// the most text; otherwise `<body>`.
    static func find(in root: XMLNode) -> XMLNode? {
        var body: XMLNode?
        var articles: [XMLNode] = []
        var articleBody: XMLNode?
        var main: XMLNode?
        var paragraphWeight: [xmlNodePtr: Int] = [:]
        walk(root, depth: 0) { node in
            if node.isNamedIgnoringCase("body") {
                body = body ?? node
            } else if node.isNamedIgnoringCase("article") {
                articles.append(node)
            } else if node.isNamedIgnoringCase("main") {
                main = main ?? node
            } else if node.isNamedIgnoringCase("p"), let parent = node.parent {
                paragraphWeight[parent.pointer, default: 0] += textLength(node)
            }
            if articleBody == nil, node.pointer.pointee.properties != nil {
                if node.attribute("itemprop")?.lowercased() == "articlebody" { articleBody = node }
                if main == nil, node.attribute("role")?.lowercased() == "main" { main = node }
            }
        }
        if let articleBody { return articleBody }
        if !articles.isEmpty {
            return articles.max { textLength($0) < textLength($1) }
        }
        if let main { return main }
        if let (pointer, weight) = paragraphWeight.max(by: { $0.value < $1.value }), weight >= 200 {
            return XMLNode(pointer)
        }
        return body ?? root
    }

    /// The first `<time datetime>` inside `node`, read as a date.
    static func firstTimeElement(in node: XMLNode) -> Date? {
        var found: Date?
        walk(node, depth: 0) { child in
            if found == nil, child.isNamedIgnoringCase("time"), let value = child.attribute("datetime") {
                found = FeedDate.parse(value)
            }
        }
        return found
    }

    private static func walk(_ node: XMLNode, depth: Int, _ body: (XMLNode) -> Void) {
        guard depth < 256 else { return }
        var child = node.firstChild
        while let current = child {
            if current.isElement {
                body(current)
                if !current.isNamedIgnoringCase("script") && !current.isNamedIgnoringCase("style") {
                    walk(current, depth: depth + 1, body)
                }
            }
            child = current.next
        }
    }

    /// Bytes of text under `node`, scripts and styles excluded.
    static func textLength(_ node: XMLNode, depth: Int = 0) -> Int {
        guard depth < 256 else { return 0 }
        var total = 0
        var child = node.firstChild
        while let current = child {
            if current.type == XML_TEXT_NODE, let content = current.content {
                total += strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            } else if current.isElement && !current.isNamedIgnoringCase("script")
                && !current.isNamedIgnoringCase("style")
            {
                total += textLength(current, depth: depth + 1)
            }
            child = current.next
        }
        return total
    }
}
