import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The elements of one page, numbered once in document order, with what their
/// names say about them.
///
/// The page readers ask about every element many times (its figures, whether
/// it is furniture, what its name says): dictionaries and sets keyed by node
/// pointer or by name hashed each question with SipHash, a tenth of the
/// instructions of a page. Numbered, an element's facts live in arrays; its
/// number is kept in the node itself, in libxml2's `_private` field, which
/// nothing else in the page path uses.
struct PageElements {
    /// What an element's name says, worked out once per distinct name of a page.
    struct Kind {
        /// The name in lower case.
        let name: String
        let rule: MarkupRule
        /// Whether it separates sentences (``MarkupRule/classify(_:)``; `<br>` is one).
        let isBlock: Bool
        /// A block other than `<br>`: its parent holds blocks rather than inline content.
        let isBlockElement: Bool
        /// `<a>`: its text is link text.
        let isLink: Bool
        /// `<p>`, `<pre>`, `<blockquote>`: a paragraph whatever it holds.
        let isParagraph: Bool
        /// A block that is a paragraph when its content is inline, or holds one in text of its own.
        let isTextBlock: Bool
        /// An element a repeated item can be (``RepeatedBlocks``).
        let isItemElement: Bool
        /// The furniture verdict its name alone gives, if any (``Boilerplate/verdict(byName:)``).
        let verdict: Boilerplate.Verdict?

        init(_ name: String) {
            self.name = name
            (rule, isBlock) = MarkupRule.classify(name)
            isBlockElement = isBlock && name != "br"
            isLink = name == "a"
            isParagraph = name == "p" || name == "pre" || name == "blockquote"
            isTextBlock = ["div", "section", "td", "article", "main", "center"].contains(name)
            isItemElement = ["article", "div", "li", "section", "tr", "blockquote", "table", "dd"].contains(name)
            verdict = Boilerplate.verdict(byName: name)
        }
    }

    /// The kinds of the elements ``MarkupRule/tags`` names, in its order: worked out once, not once a page
    /// (what a name says cost 1 800 instructions a name, 30 names a page).
    private static let tagKinds = MarkupRule.tags.map { Kind($0.name) }

    /// The elements, by number.
    private(set) var nodes: [XMLNode] = []
    /// Each element's kind, by number: an index into `kinds`.
    private var kindNumbers: [Int32] = []
    /// The kinds of the tags (``tagKinds``, numbered as ``MarkupRule/tag(lowercasing:)`` numbers them), then
    /// those of the page's other names.
    private var kinds = PageElements.tagKinds
    /// The numbers of the kinds of the page's other names, by name.
    private var names = NameTable()

    /// Numbers `root` and the elements under it, in document order.
    init(root: XMLNode) {
        var stack = [root]
        while let node = stack.popLast() {
            node.pointer.pointee._private = UnsafeMutableRawPointer(bitPattern: nodes.count + 1)
            nodes.append(node)
            kindNumbers.append(kindNumber(of: node))
            let mark = stack.count
            var child = node.pointer.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append(XMLNode(current)) }
                child = current.pointee.next
            }
            stack[mark...].reverse()
        }
    }

    private mutating func kindNumber(of node: XMLNode) -> Int32 {
        let name = node.localName
        // A tag's name in any case of ASCII letters is what `lowercased()` makes it.
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        if let tag = MarkupRule.tag(lowercasing: UnsafeBufferPointer(start: name, count: length)) { return Int32(tag) }
        if let number = names[name] { return number }
        let number = Int32(kinds.count)
        kinds.append(Kind(node.name.lowercased()))
        names[name] = number
        return number
    }

    var count: Int { nodes.count }

    /// What the name of `node`, one of these elements, says.
    func kind(of node: XMLNode) -> Kind {
        kinds[Int(kindNumbers[node.elementNumber])]
    }
}

extension XMLNode {
    /// The number ``PageElements`` gave the element, or -1.
    var elementNumber: Int { Int(bitPattern: pointer.pointee._private) - 1 }
}

/// Some of a page's elements (see ``PageElements``): whether one is in it is one load, not a hash.
struct ElementSet {
    private var members: [Bool]

    /// An empty set for the elements of `elements`.
    init(_ elements: PageElements) { members = Array(repeating: false, count: elements.count) }

    /// An empty set (for a document whose elements are not numbered).
    init() { members = [] }

    func contains(_ node: XMLNode) -> Bool {
        let number = node.elementNumber
        return number >= 0 && number < members.count && members[number]
    }

    mutating func insert(_ node: XMLNode) { members[node.elementNumber] = true }

    mutating func remove(_ node: XMLNode) { members[node.elementNumber] = false }
}

/// Numbers by element name, as libxml2 spelled it: open addressing over the name's bytes
/// (``WordSet/hash(_:)``). The HTML parser copies every element's name, so names cannot be told by pointer.
private struct NameTable {
    /// The names, as given.
    private var names: [[UInt8]] = []
    /// The number of a name for each, by name.
    private var values: [Int32] = []
    /// Index into `names` plus one, 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 64)

    /// The number of the NUL-terminated `name`, if it has one.
    subscript(name: UnsafePointer<UInt8>) -> Int32? {
        get {
            let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
            let bytes = UnsafeBufferPointer(start: name, count: length)
            var slot = WordSet.hash(bytes) & (slots.count - 1)
            while slots[slot] != 0 {
                let index = Int(slots[slot]) - 1
                if names[index].count == bytes.count, memcmp(names[index], name, bytes.count) == 0 {
                    return values[index]
                }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
        set {
            guard let newValue else { return }
            let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
            insert(Array(UnsafeBufferPointer(start: name, count: length)), newValue)
        }
    }

    private mutating func insert(_ name: [UInt8], _ value: Int32) {
        if (names.count + 1) * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            for (index, old) in names.enumerated() { place(old, index) }
        }
        names.append(name)
        values.append(value)
        place(name, names.count - 1)
    }

    private mutating func place(_ name: [UInt8], _ index: Int) {
        var slot = name.withUnsafeBufferPointer { WordSet.hash($0) } & (slots.count - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(index + 1)
    }
}
