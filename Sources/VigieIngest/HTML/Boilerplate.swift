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
        if let hidden = node.attribute("aria-hidden"), hidden == "true" { return true }
        if node.attribute("hidden") != nil { return true }
        var words = ""
        if let id = node.attribute("id") { words += id.lowercased() + " " }
        if let classes = node.attribute("class") { words += classes.lowercased() + " " }
        if let role = node.attribute("role") {
            let role = role.lowercased()
            if role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" { return true }
        }
        guard !words.isEmpty else { return false }
        if words.contains("article-body") || words.contains("articlebody") || words.contains("post-content") { return false }
        for marker in markers where words.contains(marker) { return true }
        // "ad", "ads" as whole class words (not "shadow" or "header").
        for word in words.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }) where word == "ad" || word == "ads" {
            return true
        }
        return false
    }
}
