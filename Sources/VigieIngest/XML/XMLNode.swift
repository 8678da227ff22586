import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A node of an ``XMLDocument``'s tree; valid while the document lives.
///
/// Only the XML layer of `VigieIngest` sees these; what leaves the module is
/// Swift values.
struct XMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var type: xmlElementType { pointer.pointee.type }
    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    /// The local name (`title` for `dc:title`).
    var localName: UnsafePointer<xmlChar> { pointer.pointee.name }

    /// The element's namespace URI, if any.
    var namespaceURI: UnsafePointer<xmlChar>? { pointer.pointee.ns?.pointee.href }

    /// The element's prefix as written, if any.
    var prefix: UnsafePointer<xmlChar>? { pointer.pointee.ns?.pointee.prefix }

    var name: String { String(cString: pointer.pointee.name) }

    /// The source line, for messages.
    var line: Int { Int(pointer.pointee.line) }

    /// Whether the local name equals `literal` (ASCII, case-sensitive).
    func isNamed(_ literal: StaticString) -> Bool {
        bytesEqual(pointer.pointee.name, literal)
    }

    /// Whether the local name equals `literal`, ignoring ASCII case (HTML).
    func isNamedIgnoringCase(_ literal: StaticString) -> Bool {
        guard let name = pointer.pointee.name else { return false }
        return literal.withUTF8Buffer { expected in
            var i = 0
            while i < expected.count {
                let c = name[i]
                if c == 0 || (c | 0x20) != (expected[i] | 0x20) { return false }
                i += 1
            }
            return name[i] == 0
        }
    }

    var firstChild: XMLNode? { pointer.pointee.children.map(XMLNode.init) }
    var next: XMLNode? { pointer.pointee.next.map(XMLNode.init) }
    var parent: XMLNode? { pointer.pointee.parent.map(XMLNode.init) }

    /// The children, in order.
    var children: XMLChildren { XMLChildren(first: pointer.pointee.children) }

    /// The element children, in order.
    var elements: [XMLNode] { children.filter(\.isElement) }

    /// The raw content of a text, CDATA or comment node.
    var content: UnsafePointer<xmlChar>? { UnsafePointer(pointer.pointee.content) }

    /// The raw content as a buffer (without its NUL).
    var contentBytes: UnsafeBufferPointer<UInt8>? {
        content.map {
            UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))
        }
    }

    /// The value of the attribute `name` in no namespace, or `nil`.
    func attribute(_ name: String) -> String? {
        guard let value = xmlGetNoNsProp(pointer, name) else { return nil }
        defer { vigie_xmlFree(value) }
        return String(cString: value)
    }

    /// The value of the attribute `name` in namespace `namespace`, or `nil`.
    func attribute(_ name: String, namespace: String) -> String? {
        guard let value = xmlGetNsProp(pointer, name, namespace) else { return nil }
        defer { vigie_xmlFree(value) }
        return String(cString: value)
    }

    /// The value of the attribute `name` (any namespace or none), or `nil`.
    func anyAttribute(_ name: String) -> String? {
        guard let value = xmlGetProp(pointer, name) else { return nil }
        defer { vigie_xmlFree(value) }
        return String(cString: value)
    }

    /// The attributes, in order: (local name, namespace prefix, value).
    var attributes: [(name: String, prefix: String?, value: String)] {
        var result: [(String, String?, String)] = []
        var attr = pointer.pointee.properties
        while let a = attr {
            let name = String(cString: a.pointee.name)
            let prefix = a.pointee.ns?.pointee.prefix.map { String(cString: $0) }
            var value = ""
            if let v = xmlNodeListGetString(pointer.pointee.doc, a.pointee.children, 1) {
                value = String(cString: v)
                vigie_xmlFree(v)
            }
            result.append((name, prefix, value))
            attr = a.pointee.next
        }
        return result
    }

    /// The language in scope (`xml:lang` on this element or an ancestor).
    var language: String? {
        guard let value = xmlNodeGetLang(pointer) else { return nil }
        defer { vigie_xmlFree(value) }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }

    /// The base URI in scope (`xml:base` chain resolved against the document URL).
    var base: String? {
        guard let doc = pointer.pointee.doc, let value = xmlNodeGetBase(doc, pointer) else { return nil }
        defer { vigie_xmlFree(value) }
        return String(cString: value)
    }
}

/// A forward walk over a node's children (no array is built).
struct XMLChildren: Sequence {
    let first: xmlNodePtr?

    struct Iterator: IteratorProtocol {
        var node: xmlNodePtr?
        mutating func next() -> XMLNode? {
            guard let current = node else { return nil }
            node = current.pointee.next
            return XMLNode(current)
        }
    }

    func makeIterator() -> Iterator { Iterator(node: first) }
}

/// Whether a NUL-terminated C string equals a static ASCII literal.
func bytesEqual(_ cString: UnsafePointer<xmlChar>?, _ literal: StaticString) -> Bool {
    guard let cString else { return false }
    return literal.withUTF8Buffer { expected in
        var i = 0
        while i < expected.count {
            if cString[i] != expected[i] { return false }
            i += 1
        }
        return cString[i] == 0
    }
}

extension String {
    /// A Swift string from libxml2's UTF-8 bytes.
    init(xml pointer: UnsafePointer<xmlChar>) {
        self = String(cString: pointer)
    }
}
