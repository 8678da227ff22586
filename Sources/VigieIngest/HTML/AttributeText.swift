import CLibXML2

/// An attribute's value as the page readers look at it: its bytes in place
/// when they are its characters, so that `class` and `id` words are read
/// without a copy of the value (`XMLNode.attribute(_:)` has libxml2 copy it,
/// then makes a `String`).
enum AttributeText {
    /// No such attribute.
    case absent
    /// One text node (or none: an empty value) of ASCII without a carriage return: its bytes are
    /// its characters (no `\r\n` pair, no combining mark), and lower case is ASCII's.
    case plainASCII(UnsafeBufferPointer<UInt8>)
    /// Any other value: read it as a `String` (`XMLNode.attribute(_:)`).
    case other

    /// The value of `attribute`.
    init(_ attribute: xmlAttrPtr) {
        guard let text = attribute.pointee.children else {
            self = .plainASCII(UnsafeBufferPointer(start: nil, count: 0))
            return
        }
        guard text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content else {
            self = .other
            return
        }
        var p = UnsafePointer(content)
        while p.pointee != 0 {
            if p.pointee >= 0x80 || p.pointee == 0x0D {
                self = .other
                return
            }
            p += 1
        }
        self = .plainASCII(UnsafeBufferPointer(start: content, count: UnsafePointer(content).distance(to: p)))
    }
}

extension XMLNode {
    /// The value of the attribute `name` in no namespace, as ``attribute(_:)`` finds it.
    func attributeText(_ name: StaticString) -> AttributeText {
        guard pointer.pointee.properties != nil, let found = xmlHasNsProp(pointer, name.utf8Start, nil) else {
            return .absent
        }
        // A default from a DTD (never in an HTML page) is read as a `String`.
        guard found.pointee.type == XML_ATTRIBUTE_NODE else { return .other }
        return AttributeText(found)
    }
}
