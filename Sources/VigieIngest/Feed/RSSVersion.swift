import CLibXML2

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

    /// RSS 1.0 or 0.90: from the namespaces the root declares (a document with
    /// no channel or item yet is still one or the other), else from the
    /// namespace of its channel and items.
    static func ofRDF(_ root: XMLNode) -> String {
        var declaration = root.pointer.pointee.nsDef
        while let ns = declaration {
            if let href = ns.pointee.href {
                if bytesEqual(href, netscape) { return "rss090" }
                if bytesEqual(href, "http://purl.org/rss/1.0/") { return "rss10" }
            }
            declaration = ns.pointee.next
        }
        for child in root.children where child.isElement {
            if bytesEqual(child.namespaceURI, netscape) { return "rss090" }
        }
        return "rss10"
    }

    private static let netscape: StaticString = "http://my.netscape.com/rdf/simple/0.9/"
}
