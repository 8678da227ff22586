import CLibXML2
import Foundation
import VigieCore

/// Cuts a page into entries with XPath selectors.
enum ItemSelection {
    enum Outcome {
        case success([FeedEntry])
        case failure(String)
    }

    static func select(_ selectors: PageSelectors, in document: XMLDocument, base: String?) -> Outcome {
        guard let context = xmlXPathNewContext(document.pointer) else { return .failure("XPath is unavailable") }
        defer { xmlXPathFreeContext(context) }
        guard let items = evaluate(shorthand(selectors.item, relative: false), context: context) else {
            return .failure("invalid XPath selector for items: \(selectors.item)")
        }
        defer { xmlXPathFreeObject(items) }
        var entries: [FeedEntry] = []
        let nodes = nodeList(items)
        for node in nodes {
            context.pointee.node = node.pointer
            func field(_ expression: String?, attributes: [String] = []) -> String? {
                guard let expression else { return nil }
                return string(shorthand(expression, relative: true), context: context, preferring: attributes)
            }
            var text = TextBuilder()
            let title = field(selectors.title)
            let body = selectors.text.flatMap { field($0) } ?? PageMetadata.text(of: node)
            if let title { text.append(title) }
            if let body {
                if !text.isEmpty { text.breakSentence() }
                text.append(body)
            }
            let link = (field(selectors.link, attributes: ["href", "src"]) ?? firstLink(in: node)).map {
                URLResolver.resolve($0, against: base)
            }
            entries.append(
                FeedEntry(
                    id: link, title: title, link: link,
                    published: field(selectors.date, attributes: ["datetime", "content"]).flatMap(FeedDate.parse),
                    author: field(selectors.author), text: text.string, foundBy: .selectors))
        }
        return .success(entries)
    }

    private static func evaluate(_ expression: String, context: xmlXPathContextPtr) -> xmlXPathObjectPtr? {
        xmlXPathEvalExpression(expression, context)
    }

    private static func nodeList(_ object: xmlXPathObjectPtr) -> [XMLNode] {
        guard object.pointee.type == XPATH_NODESET, let set = object.pointee.nodesetval else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { set.pointee.nodeTab[$0].map(XMLNode.init) }
    }

    /// A bare element name is shorthand: `article` means `//article` for items
    /// and `.//article` inside an item. Anything else is XPath as written.
    static func shorthand(_ selector: String, relative: Bool) -> String {
        let trimmed = selector.trimmingCharacters(in: .whitespaces)
        let isName = !trimmed.isEmpty && trimmed.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard isName else { return trimmed }
        return (relative ? ".//" : "//") + trimmed
    }

    /// The string value of a relative expression (an attribute's value, or the
    /// text of the first node; for an element with one of `attributes`, that attribute).
    private static func string(_ expression: String, context: xmlXPathContextPtr, preferring attributes: [String] = [])
        -> String?
    {
        guard let object = xmlXPathEvalExpression(expression, context) else { return nil }
        defer { xmlXPathFreeObject(object) }
        if object.pointee.type == XPATH_NODESET {
            guard let first = nodeList(object).first else { return nil }
            if first.type == XML_ATTRIBUTE_NODE {
                guard let value = xmlNodeGetContent(first.pointer) else { return nil }
                defer { vigie_xmlFree(value) }
                return String(cString: value).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            for attribute in attributes {
                if let value = first.attribute(attribute), !value.isEmpty { return value }
            }
            return PageMetadata.text(of: first)
        }
        guard let value = xmlXPathCastToString(object) else { return nil }
        defer { vigie_xmlFree(value) }
        let string = String(cString: value).trimmingCharacters(in: .whitespacesAndNewlines)
        return string.isEmpty ? nil : string
    }

    private static func firstLink(in node: XMLNode) -> String? {
        if node.isNamedIgnoringCase("a"), let href = node.attribute("href") { return href }
        for child in node.children where child.isElement {
            if let href = firstLink(in: child) { return href }
        }
        return nil
    }
}
