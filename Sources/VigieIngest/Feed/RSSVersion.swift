/// The contract's `version` strings for RSS documents.
enum RSSVersion {
    /// From `<rss version="…">`.
    static func of(_ root: XMLNode) -> String {
        guard let version = root.attribute("version")?.trimmingASCIISpaces else { return "" }
        switch version {
        case "0.91": return "rss091u"
        case "0.92": return "rss092"
        case "0.93": return "rss093"
        case "0.94": return "rss094"
        default: return version.hasPrefix("2") ? "rss20" : ""
        }
    }

    /// RSS 1.0 or 0.90, from the namespace of the channel and items.
    static func ofRDF(_ root: XMLNode) -> String {
        for child in root.children where child.isElement {
            if let uri = child.namespaceURI, String(cString: uri) == "http://my.netscape.com/rdf/simple/0.9/" {
                return "rss090"
            }
        }
        return "rss10"
    }
}
