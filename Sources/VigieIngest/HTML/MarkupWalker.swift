import CLibXML2

/// Walks a tree of (X)HTML nodes once and produces both the sanitized HTML
/// and the plain text.
///
/// Sanitizing is by allow-list: dangerous elements go with their content,
/// unknown elements are unwrapped, only harmless attributes stay, event
/// handlers and `style` never do, and URLs are made absolute or dropped when
/// they would run code (`javascript:`, `vbscript:`, `data:`).
struct MarkupWalker: ~Copyable {
    /// Base URL for relative links, if any.
    var base: String?
    /// Whether to build the sanitized HTML (titles need only the text).
    var buildsHTML: Bool
    /// The document the nodes belong to, for entities declared in its DTD.
    /// Unowned without reference counting: every walk runs inside the document's lifetime.
    unowned(unsafe) let document: XMLDocument

    /// Skip page furniture: navigation, headers, footers, cookie banners,
    /// comment widgets, share buttons (for a page's main text).
    var skipsBoilerplate = false
    /// Elements not to read, with what they hold (a page's furniture, as ``MainContent`` decided it).
    var skipped = ElementSet()
    /// A page's numbered elements (see ``PageElements``): what a name says is then read from
    /// its kind, not looked up by name for every element.
    var elements: PageElements?

    private var html = ByteBuffer()
    var text = TextBuilder()
    private var depth = 0

    /// Past this depth, content is dropped: no article nests that deep, and the
    /// walk must not exhaust the stack on a hostile page.
    static let maximumDepth = 200

    init(document: XMLDocument, base: String?, buildsHTML: Bool) {
        self.document = document
        self.base = base
        self.buildsHTML = buildsHTML
        if buildsHTML { html.reserve(512) }
    }

    /// Walks the children of `node` (not the node itself).
    mutating func walkChildren(of node: XMLNode) {
        for child in node.children { walk(child) }
    }

    /// Walks one node and what it contains.
    mutating func walk(_ node: XMLNode) {
        switch node.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_PI_NODE:
            // A processing instruction is text only when it stands for a cut-out CDATA section.
            guard let content = document.text(of: node) else { return }
            text.append(content)
            if buildsHTML { html.appendEscaped(content, quote: false) }
        case XML_ENTITY_REF_NODE:
            // An entity declared in the document's own DTD: its replacement text.
            guard let content = document.declaredEntity(named: node.localName) else { return }
            text.append(content)
            if buildsHTML { html.appendEscaped(content, quote: false) }
        case XML_ELEMENT_NODE:
            walkElement(node)
        default:
            return  // comments, DTD nodes carry no text
        }
    }

    private mutating func walkElement(_ node: XMLNode) {
        let name: String
        let rule: MarkupRule
        let isBlock: Bool
        if let kind = elements?.kind(of: node) {
            (name, rule, isBlock) = (kind.name, kind.rule, kind.isBlock)
        } else {
            name = document.lowercasedName(of: node)
            (rule, isBlock) = MarkupRule.classify(name)
        }
        if rule == .drop || depth >= MarkupWalker.maximumDepth { return }
        if skipsBoilerplate && Boilerplate.isBoilerplate(node, name: name) { return }
        if skipped.contains(node) { return }
        if isBlock { text.breakSentence() } else if rule == .void { text.breakWord() }
        depth += 1
        defer { depth -= 1 }
        let emitsTag = buildsHTML && (rule == .keep || rule == .void)
        if emitsTag {
            html.append(UInt8(ascii: "<"))
            html.appendUTF8(of: name)
            writeAttributes(of: node, element: name)
            if rule == .void {
                html.appendASCII(" />")
                return
            }
            html.append(UInt8(ascii: ">"))
        }
        if rule != .void {
            var child = node.firstChild
            while let current = child {
                walk(current)
                child = current.next
            }
        }
        if emitsTag {
            html.appendASCII("</")
            html.appendUTF8(of: name)
            html.append(UInt8(ascii: ">"))
        }
        if isBlock { text.breakSentence() }
    }

    private mutating func writeAttributes(of node: XMLNode, element: String) {
        guard node.pointer.pointee.properties != nil else { return }
        for attribute in node.attributes where attribute.prefix == nil {
            MarkupRule.appendAttribute(named: attribute.name, attribute.value, base: base, to: &html)
        }
    }

    /// The sanitized HTML, trimmed.
    var htmlString: String { html.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }.trimmingASCIISpaces }
}
