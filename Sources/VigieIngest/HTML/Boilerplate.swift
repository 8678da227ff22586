import CLibXML2

/// Tells page furniture from content: what a reader does not read as part
/// of an article.
enum Boilerplate {
    /// Elements that are furniture by their name alone.
    private static let elements: Set<String> = ["nav", "header", "footer", "aside", "form", "menu", "dialog"]

    /// Words that mark furniture in `id`, `class` or `role`.
    private static let markers: [String] = [
        "cookie", "consent", "gdpr", "banner", "comment", "share", "social", "related", "sidebar", "newsletter",
        "subscribe", "advert", "sponsor", "promo", "breadcrumb", "navbar", "menu", "popup", "modal", "footer",
        "masthead", "outbrain", "taboola", "disqus", "paywall", "signup", "widget", "recommend",
    ]

    static func isBoilerplate(_ node: XMLNode, name: String) -> Bool {
        if elements.contains(name) { return true }
        guard node.pointer.pointee.properties != nil else { return false }
        // One pass over the attributes; values are read only for the few that matter.
        var words = ""
        var attribute = node.pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let attributeName = current.pointee.name
            if bytesEqual(attributeName, "hidden") { return true }
            let isAria = bytesEqual(attributeName, "aria-hidden")
            let isRole = bytesEqual(attributeName, "role")
            let isWord = bytesEqual(attributeName, "id") || bytesEqual(attributeName, "class")
            guard isAria || isRole || isWord, let value = attributeValue(current) else { continue }
            let lowered = value.lowercased()
            if isAria, lowered == "true" { return true }
            if isRole, ["navigation", "banner", "contentinfo", "complementary"].contains(lowered) { return true }
            if isWord { words += lowered + " " }
        }
        guard !words.isEmpty else { return false }
        if words.contains("article-body") || words.contains("articlebody") || words.contains("post-content") {
            return false
        }
        for marker in markers where words.contains(marker) { return true }
        // "ad", "ads" as whole class words (not "shadow" or "header").
        for word in words.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        where word == "ad" || word == "ads" {
            return true
        }
        return false
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
