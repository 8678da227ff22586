import CLibXML2
import CMemory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed libxml2 document, XML or HTML. Owns the C tree and frees it.
///
/// Parsing never loads the network, a DTD or an external entity, and keeps
/// going after errors (libxml2's recovery mode); every complaint is kept in
/// ``diagnostics`` so the caller can turn it into a warning.
final class XMLDocument {
    let pointer: xmlDocPtr
    let diagnostics: [XMLDiagnostic]
    /// The URL the document was read from, if known.
    let url: String?
    /// Whether `xml:base` appears anywhere in the bytes. When it does not, every
    /// node's base is the document URL, and libxml2's walk up the tree is spared.
    let mayHaveXMLBase: Bool
    /// The texts cut out of the bytes libxml2 read (see ``TextCutOuts``), by number: memory
    /// of the document as fetched, which the caller keeps alive as long as this document,
    /// or of ``decodedText``.
    private let cutOuts: [UnsafeBufferPointer<UInt8>]
    /// The cut-out texts that were decoded, kept as long as this document.
    private let decodedText: TextCutOuts.DecodedTexts?
    /// The memory libxml2 parsed the document into (see `CMemory`), given back after the tree is freed.
    let arena: OpaquePointer?

    private init(
        pointer: xmlDocPtr, arena: OpaquePointer?, diagnostics: [XMLDiagnostic], url: String?,
        mayHaveXMLBase: Bool = true, cutOuts: CutOuts? = nil
    ) {
        self.pointer = pointer
        self.arena = arena
        self.diagnostics = diagnostics
        self.url = url
        self.mayHaveXMLBase = mayHaveXMLBase
        guard let cutOuts else {
            self.cutOuts = []
            self.decodedText = nil
            return
        }
        let decoded = cutOuts.unwrapped.decoded
        self.decodedText = decoded
        self.cutOuts = cutOuts.unwrapped.cutOuts.map { cutOut in
            switch cutOut {
            case .original(let range): UnsafeBufferPointer(rebasing: cutOuts.original[range])
            case .decoded(let range): decoded[range]
            }
        }
    }

    /// The texts ``TextCutOuts`` took out of a document, and the document they came from.
    struct CutOuts {
        var unwrapped: TextCutOuts.Unwrapped
        /// The document as given (kept alive by the caller as long as the parsed document).
        var original: UnsafeBufferPointer<UInt8>
    }

    /// The text a node stands for, as UTF-8 bytes (no NUL): a text node's content, or the
    /// text a `<?vigie-cdata N?>` instruction stands for (``TextCutOuts``). `nil` for other nodes.
    func text(of node: XMLNode) -> UnsafeBufferPointer<UInt8>? {
        switch node.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return node.contentBytes
        case XML_PI_NODE:
            guard !cutOuts.isEmpty, bytesEqual(node.localName, "vigie-cdata"), var p = node.content else { return nil }
            var number = 0
            while p.pointee >= UInt8(ascii: "0") && p.pointee <= UInt8(ascii: "9") && number < cutOuts.count {
                number = number * 10 + Int(p.pointee - UInt8(ascii: "0"))
                p += 1
            }
            return number < cutOuts.count ? cutOuts[number] : nil
        default:
            return nil
        }
    }

    /// Whether a node stands for text (a text node, or a cut-out text).
    func holdsText(_ node: XMLNode) -> Bool {
        node.type == XML_TEXT_NODE || node.type == XML_CDATA_SECTION_NODE
            || (node.type == XML_PI_NODE && !cutOuts.isEmpty && bytesEqual(node.localName, "vigie-cdata"))
    }

    /// The base URI in scope at `node` (see ``XMLNode/base``), without the walk
    /// when the document has no `xml:base`.
    func base(of node: XMLNode) -> String? {
        mayHaveXMLBase ? node.base : url
    }

    deinit {
        xmlFreeDoc(pointer)
        vigie_xml_arena_release(arena)
    }

    /// Runs `parse` (one libxml2 parse with a context of its own) with what libxml2
    /// allocates meanwhile taken from a new arena, then `free`, which frees the
    /// context. Returns the tree and its arena, which the document made of them
    /// gives back after freeing the tree; `nil` (the arena already given back)
    /// when libxml2 built no tree.
    private static func parsing(_ parse: () -> xmlDocPtr?, thenFree free: () -> Void) -> (
        tree: xmlDocPtr, arena: OpaquePointer?
    )? {
        setUp()
        let arena = vigie_xml_arena_begin()
        let tree = parse()
        vigie_xml_arena_end(arena)
        free()
        guard let tree else {
            vigie_xml_arena_release(arena)
            return nil
        }
        return (tree, arena)
    }

    /// Installs the arena hooks in libxml2, then initialises it; once, later calls
    /// do nothing. Before the first parse, ideally before a second thread uses libxml2.
    static func setUp() { vigie_xml_arena_install() }

    /// Element names as Swift strings, made once per distinct name: libxml2's XML
    /// parser interns names in its dictionary, so equal names share a pointer. (Its
    /// HTML parser copies every name: pages look names up by their bytes, ``PageElements``.)
    private var names = NameCache()

    /// The local name of `node`, from the cache.
    func name(of node: XMLNode) -> String {
        names.name(for: UnsafeRawPointer(node.localName)) { node.name }
    }

    private var lowercasedNames = NameCache()

    /// The local name of `node` in lower case (HTML's names), from the cache.
    func lowercasedName(of node: XMLNode) -> String {
        lowercasedNames.name(for: UnsafeRawPointer(node.localName)) { node.name.lowercased() }
    }

    /// The root element, if the document has one.
    var root: XMLNode? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return XMLNode(node)
    }

    /// The encoding libxml2 settled on, when the document declared one.
    var declaredEncoding: String? {
        pointer.pointee.encoding.map { String(cString: $0) }
    }

    /// Parses XML bytes. `encoding` overrides the BOM and the XML declaration.
    /// `nil` when libxml2 built no document; `failure` then receives its complaints.
    /// `cutOuts`: the texts taken out of the document `bytes` was made from (``TextCutOuts``).
    static func xml(
        _ bytes: UnsafeRawBufferPointer, url: String?, encoding: String? = nil,
        failure: UnsafeMutablePointer<[XMLDiagnostic]>? = nil, cutOuts: CutOuts? = nil
    ) -> XMLDocument? {
        let collector = DiagnosticCollector()
        guard let context = xmlNewParserCtxt() else { return nil }
        collector.attach(to: context)
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let parsed = parsing(
            {
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, encoding, options)
                }
            }, thenFree: { xmlFreeParserCtxt(context) })
        guard let parsed else {
            failure?.pointee = collector.diagnostics
            return nil
        }
        let mayHaveXMLBase = bytes.withMemoryRebound(to: UInt8.self) { contains($0, "xml:base") }
        return XMLDocument(
            pointer: parsed.tree, arena: parsed.arena, diagnostics: collector.diagnostics, url: url,
            mayHaveXMLBase: mayHaveXMLBase, cutOuts: cutOuts)
    }

    /// Whether `needle` occurs in `bytes` (at `memchr` speed: candidates are
    /// found by their first byte).
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return needle.withUTF8Buffer { pattern in
            let m = pattern.count
            let end = base + bytes.count
            var p = base
            while end - p >= m {
                guard let found = memchr(p, Int32(pattern[0]), end - p - m + 1) else { return false }
                let candidate = found.assumingMemoryBound(to: UInt8.self)
                if memcmp(candidate, pattern.baseAddress!, m) == 0 { return true }
                p = UnsafePointer(candidate) + 1
            }
            return false
        }
    }

    /// Parses HTML bytes (a page or a fragment). `encoding` is the HTTP charset when known.
    static func html(_ bytes: UnsafeRawBufferPointer, url: String?, encoding: String? = nil) -> XMLDocument? {
        let collector = DiagnosticCollector()
        guard let context = htmlNewParserCtxt() else { return nil }
        collector.attach(to: context)
        let options = Int32(
            HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = parsing(
            {
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, encoding, options)
                }
            }, thenFree: { htmlFreeParserCtxt(context) })
        guard let parsed else { return nil }
        return XMLDocument(pointer: parsed.tree, arena: parsed.arena, diagnostics: collector.diagnostics, url: url)
    }

    /// The name of the first external general entity the document's DTD declares, if any
    /// (`<!ENTITY xxe SYSTEM "file:///etc/passwd">`): never loaded, and a sign
    /// of an attack rather than of a feed. (External parameter entities, like
    /// XHTML's `%HTMLlat1;`, are common in real feeds; they are simply not loaded.)
    var externalEntity: String? {
        guard let subset = pointer.pointee.intSubset else { return nil }
        var node = subset.pointee.children
        while let current = node {
            if current.pointee.type == XML_ENTITY_DECL {
                let entity = UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlEntity.self)
                switch entity.pointee.etype {
                case XML_EXTERNAL_GENERAL_PARSED_ENTITY, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY:
                    return String(cString: entity.pointee.name)
                default:
                    break
                }
            }
            node = current.pointee.next
        }
        return nil
    }

    /// The replacement text of an entity declared in the document's own DTD.
    func declaredEntity(named name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8>? {
        guard let entity = xmlGetDocEntity(pointer, name), let content = entity.pointee.content else { return nil }
        return UnsafeBufferPointer(
            start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))
    }
}

/// Receives libxml2's structured errors for one parser context.
///
/// Errors go through the context (`sax->serror`), not libxml2's per-thread
/// globals, because Swift tasks hop threads.
private final class DiagnosticCollector {
    var diagnostics: [XMLDiagnostic] = []
    /// Past this many, further complaints add nothing a person would read.
    static let limit = 50

    func attach(to context: xmlParserCtxtPtr) {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let raw = context.pointee._private else { return }
            let collector = Unmanaged<DiagnosticCollector>.fromOpaque(raw).takeUnretainedValue()
            guard collector.diagnostics.count < DiagnosticCollector.limit else { return }
            let level: XMLDiagnostic.Level =
                switch error.pointee.level {
                case XML_ERR_WARNING: .warning
                case XML_ERR_FATAL: .fatal
                default: .error
                }
            var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
            collector.diagnostics.append(
                XMLDiagnostic(
                    code: Int32(error.pointee.code), level: level, line: Int(error.pointee.line), message: message))
        }
    }
}
