import CLibXML2
import Foundation
import VigieCore

/// Items a page describes in schema.org structured data — `Review`,
/// `Comment`, `DiscussionForumPosting` (and `Answer`), in JSON-LD or
/// microdata — with their text, date, author and rating as the site states
/// them. Review sites embed these for search engines; where they exist they
/// are more exact than any reading of the layout.
enum StructuredItems {
    /// The schema.org types read as items, and whether each is a comment.
    private static let types: [String: Bool] = [
        "review": false, "userreview": false, "criticreview": false, "employerreview": false,
        "comment": true, "discussionforumposting": false, "answer": true, "socialmediaposting": false,
    ]

    /// The items of every JSON-LD block and microdata scope on the page, in page order. `jsonLD`: scripts
    /// already parsed (``PageMetadata/jsonLD``), each with its value.
    static func find(
        in root: XMLNode, elements: PageElements, base: String?, jsonLD: [(script: XMLNode, value: Any?)]
    ) -> [PageItem] {
        var items: [PageItem] = []
        var scripts: [XMLNode] = []
        var scopes: [XMLNode] = []
        collect(root, elements: elements, depth: 0, scripts: &scripts, scopes: &scopes)
        for script in scripts {
            let parsed = jsonLD.first { $0.script.pointer == script.pointer }
            guard let object = parsed.map({ $0.value }) ?? PageMetadata.jsonValue(of: script) else { continue }
            var budget = 2000
            readJSON(object, base: base, into: &items, budget: &budget, depth: 0)
        }
        for scope in scopes {
            if let item = microdata(scope, elements: elements, base: base) { items.append(item) }
        }
        return items
    }

    private static func collect(
        _ node: XMLNode, elements: PageElements, depth: Int, scripts: inout [XMLNode], scopes: inout [XMLNode]
    ) {
        guard depth < 128 else { return }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            if current.isNamedIgnoringCase("script") {
                if current.attribute("type")?.lowercased().hasPrefix("application/ld+json") == true {
                    scripts.append(current)
                }
                continue
            }
            if current.pointer.pointee.properties != nil, current.attribute("itemscope") != nil,
                let type = current.attribute("itemtype"), isItemType(type)
            {
                scopes.append(current)
            }
            collect(current, elements: elements, depth: depth + 1, scripts: &scripts, scopes: &scopes)
        }
    }

    /// Whether a type (`Review`, `https://schema.org/Review`, or a list of them) is read as an item.
    private static func isItemType(_ type: String) -> Bool {
        comment(type) != nil
    }

    /// `true` for a comment type, `false` for another item type, `nil` when not an item.
    private static func comment(_ type: String) -> Bool? {
        for word in type.split(whereSeparator: { $0 == " " }) {
            let name = word.split(separator: "/").last.map { $0.lowercased() } ?? ""
            if let isComment = types[name] { return isComment }
        }
        return nil
    }

    private static func typeName(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let list = value as? [Any] { return list.compactMap { $0 as? String }.joined(separator: " ") }
        return nil
    }

    private static func readJSON(
        _ value: Any, base: String?, into items: inout [PageItem], budget: inout Int, depth: Int
    ) {
        guard depth < 24, budget > 0 else { return }
        budget -= 1
        if let list = value as? [Any] {
            for element in list { readJSON(element, base: base, into: &items, budget: &budget, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if let type = typeName(object["@type"]), let isComment = comment(type), let item = item(object, base: base) {
            var item = item
            item.isComment = isComment
            items.append(item)
        }
        // Nested items: a product's `review`, a posting's `comment`, a graph's nodes.
        for key in object.keys.sorted() where key != "author" && key != "reviewRating" && key != "publisher" {
            guard let nested = object[key], nested is [Any] || nested is [String: Any] else { continue }
            readJSON(nested, base: base, into: &items, budget: &budget, depth: depth + 1)
        }
    }

    private static func item(_ object: [String: Any], base: String?) -> PageItem? {
        let textKeys = ["reviewBody", "text", "articleBody", "description"]
        guard let raw = textKeys.lazy.compactMap({ object[$0] as? String }).first(where: { !$0.isEmpty }) else {
            return nil
        }
        let text = plain(raw)
        guard !text.isEmpty else { return nil }
        var item = PageItem(node: nil, text: text, method: .structuredData, isComment: false)
        item.title = (object["name"] as? String ?? object["headline"] as? String).map(plain).flatMap {
            $0.isEmpty || text.hasPrefix($0) ? nil : $0
        }
        for key in ["datePublished", "dateCreated", "uploadDate", "dateModified"] {
            if let value = object[key] as? String, let date = PageDate.parse(value) {
                item.published = date
                break
            }
        }
        item.author = name(object["author"]) ?? name(object["creator"])
        if let rating = object["reviewRating"] as? [String: Any] {
            item.rating = number(rating["ratingValue"])
            item.bestRating = number(rating["bestRating"])
        }
        if let url = (object["url"] as? String) ?? (object["@id"] as? String), url.contains("/") || url.hasPrefix("#") {
            item.link = URLResolver.resolve(url, against: base)
        }
        return item
    }

    private static func name(_ value: Any?) -> String? {
        if let string = value as? String { return string.isEmpty ? nil : plain(string) }
        if let object = value as? [String: Any] { return (object["name"] as? String).map(plain) }
        if let list = value as? [Any] {
            let names = list.compactMap { name($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }

    private static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let string = value as? String {
            return Double(string.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// JSON-LD text as plain text: markup some sites leave in it removed, white space collapsed.
    private static func plain(_ string: String) -> String {
        var builder = TextBuilder()
        if string.contains("<") || string.contains("&") {
            let bytes = Array(("<div>" + string + "</div>").utf8)
            let text = bytes.withUnsafeBytes { buffer in
                XMLDocument.html(buffer, url: nil, encoding: "UTF-8")?.root.flatMap { PageMetadata.text(of: $0) }
            }
            builder.append(text ?? string)
        } else {
            builder.append(string)
        }
        return builder.string
    }

    /// A microdata item: its own properties (not those of items nested in it).
    private static func microdata(_ scope: XMLNode, elements: PageElements, base: String?) -> PageItem? {
        var properties: [String: XMLNode] = [:]
        collectProperties(of: scope, into: &properties, depth: 0)
        var text: String?
        for key in ["reviewbody", "text", "articlebody", "description"] {
            if let node = properties[key], let value = node.attribute("content") ?? PageMetadata.text(of: node) {
                text = value
                break
            }
        }
        guard let text, !text.isEmpty, let type = scope.attribute("itemtype") else { return nil }
        var item = PageItem(
            node: scope, text: text, anchor: scope.attribute("id"), method: .structuredData,
            isComment: comment(type) ?? false)
        item.title = properties["name"].flatMap { $0.attribute("content") ?? PageMetadata.text(of: $0) }.flatMap {
            text.hasPrefix($0) ? nil : $0
        }
        for key in ["datepublished", "datecreated", "datemodified"] {
            if let node = properties[key], let date = ItemFields.date(of: node) {
                item.published = date
                break
            }
        }
        item.author = properties["author"].flatMap { ItemFields.name(of: $0, elements: elements) }
        let rating = ItemFields.rating(in: scope, elements: elements)
        (item.rating, item.bestRating) = (rating.value, rating.best)
        if let url = properties["url"]?.attribute("href") ?? properties["url"]?.attribute("content") {
            item.link = URLResolver.resolve(url, against: base)
        }
        return item
    }

    /// The `itemprop` elements of a scope, not crossing into nested scopes (whose own element counts).
    private static func collectProperties(of node: XMLNode, into properties: inout [String: XMLNode], depth: Int) {
        guard depth < 32 else { return }
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            guard current.isElement else { continue }
            let hasAttributes = current.pointer.pointee.properties != nil
            if hasAttributes, let names = current.attribute("itemprop") {
                for name in names.lowercased().split(separator: " ") where properties[String(name)] == nil {
                    properties[String(name)] = current
                }
            }
            if hasAttributes, current.attribute("itemscope") != nil { continue }
            collectProperties(of: current, into: &properties, depth: depth + 1)
        }
    }
}
