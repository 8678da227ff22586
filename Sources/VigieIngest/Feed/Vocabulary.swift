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
        // A default namespace on an RSS document is RSS; a prefixed one is a module.
        return node.prefix == nil ? .rss : .other
    }
}
