import CLibXML2

/// The XML vocabularies a feed element can belong to, told by namespace URI.
enum Vocabulary: Sendable {
    /// RSS's own elements: no namespace, RSS 1.0 or 0.90, or an RSS document's
    /// own default namespace (userland's `rss2` namespaces).
    case rss
    case atom10, atom03
    case rdf, dc, dcterms, content, xhtml
    /// Anything else (extension modules we do not read).
    case other

    /// RDF's namespace (RSS 1.0's `rdf:about`).
    static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    static func of(_ node: XMLNode) -> Vocabulary {
        guard let uri = node.namespaceURI else { return .rss }
        // Compared as C strings: no String is made for the (long) URIs.
        if bytesEqual(uri, "http://www.w3.org/2005/Atom") { return .atom10 }
        if bytesEqual(uri, "http://purl.org/dc/elements/1.1/") || bytesEqual(uri, "http://purl.org/dc/elements/1.0/") {
            return .dc
        }
        if bytesEqual(uri, "http://purl.org/rss/1.0/modules/content/") { return .content }
        if bytesEqual(uri, "http://purl.org/rss/1.0/") || bytesEqual(uri, "http://my.netscape.com/rdf/simple/0.9/") {
            return .rss
        }
        if bytesEqual(uri, "http://www.w3.org/1999/02/22-rdf-syntax-ns#") { return .rdf }
        if bytesEqual(uri, "http://purl.org/dc/terms/") { return .dcterms }
        if bytesEqual(uri, "http://www.w3.org/1999/xhtml") { return .xhtml }
        if bytesEqual(uri, "http://purl.org/atom/ns#") { return .atom03 }
        // RSS 0.9x/2.0 under a namespace of its own (userland's `rss2`, Harvard's), prefixed or not.
        if hasPrefix(uri, "http://backend.userland.com/rss") || bytesEqual(uri, "http://blogs.law.harvard.edu/tech/rss")
            || bytesEqual(uri, "http://purl.org/rss/1.0/modules/rss091#")
        {
            return .rss
        }
        // A default namespace on an RSS document is RSS, and so is the root's own
        // namespace however it is prefixed; any other prefixed one is a module.
        if node.prefix == nil { return .rss }
        return isRootNamespace(uri, of: node) ? .rss : .other
    }

    /// Whether `uri` is the namespace of the document's root element (compared
    /// by URI, never by prefix: `<x:rss xmlns:x="…">` names its own vocabulary).
    private static func isRootNamespace(_ uri: UnsafePointer<xmlChar>, of node: XMLNode) -> Bool {
        guard let doc = node.pointer.pointee.doc, let root = xmlDocGetRootElement(doc),
            let rootURI = root.pointee.ns?.pointee.href
        else { return false }
        return rootURI == uri || xmlStrEqual(rootURI, uri) != 0
    }

    private static func hasPrefix(_ cString: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            for i in 0..<expected.count where cString[i] != expected[i] { return false }
            return true
        }
    }
}
