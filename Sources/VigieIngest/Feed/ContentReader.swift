import CLibXML2
import Foundation

/// What one text-bearing element holds, once read.
struct ContentValue {
    /// The value for `summary`/`content`: sanitized HTML, or plain text.
    var value: String
    /// Its visible text: tags stripped, entities decoded, white space collapsed.
    var text: String
}

/// Reads the elements that carry text (titles, descriptions, Atom text
/// constructs) the way their format says they are encoded: plain text,
/// escaped HTML, inline XHTML or base64.
struct ContentReader {
    /// Unowned without reference counting: every walk runs inside the document's lifetime.
    unowned(unsafe) let document: XMLDocument

    enum Encoding {
        case text, html, inline
        case base64(inner: Encoding2)
        enum Encoding2 { case text, html }
    }

    /// The base URI in scope at `node` (`xml:base` chain and document URL).
    func base(of node: XMLNode) -> String? { document.base(of: node) }

    /// The element's local name (cached per document).
    func name(of node: XMLNode) -> String { document.name(of: node) }

    /// The exact text of an element: its text, CDATA and declared-entity
    /// children, C1 controls repaired, not trimmed.
    func rawText(_ node: XMLNode) -> String {
        var bytes: [UInt8] = []
        appendRawText(node, to: &bytes, depth: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func appendRawText(_ node: XMLNode, to bytes: inout [UInt8], depth: Int) {
        guard depth < 64 else { return }
        for child in node.children {
            switch child.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_PI_NODE:
                if let text = document.text(of: child) { bytes.appendRepaired(text) }
            case XML_ENTITY_REF_NODE:
                if let entity = document.declaredEntity(named: child.localName) { bytes.append(contentsOf: entity) }
            case XML_ELEMENT_NODE:
                appendRawText(child, to: &bytes, depth: depth + 1)
            default:
                break
            }
        }
    }

    /// The trimmed raw text, or `nil` when it is empty.
    func plain(_ node: XMLNode) -> String? {
        // The common case: one text node with nothing to repair.
        if let only = node.firstChild, only.next == nil, let text = document.text(of: only),
            !ContentReader.hasC1Control(text)
        {
            let trimmed = text.trimmingASCIISpaces
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
        let value = rawText(node).trimmingASCIISpaces
        return value.isEmpty ? nil : value
    }

    /// Reads `node` as the given encoding. Element children always mean inline markup.
    /// `buildsText: false` when only the sanitized value is wanted (a summary
    /// next to full content: the entry's text comes from the content).
    func read(_ node: XMLNode, as encoding: Encoding, base: String?, buildsHTML: Bool = true, buildsText: Bool = true)
        -> ContentValue
    {
        if node.elements.isEmpty == false {
            return inline(node, base: base, buildsHTML: buildsHTML)
        }
        switch encoding {
        case .inline:
            return inline(node, base: base, buildsHTML: buildsHTML)
        case .text:
            let raw = rawText(node)
            var builder = TextBuilder()
            builder.append(raw)
            return ContentValue(value: raw.trimmingASCIISpaces, text: builder.string)
        case .html:
            // The common case, one text node with nothing to repair: sanitized in place.
            if let only = node.firstChild, only.next == nil, let bytes = document.text(of: only) {
                if !ContentReader.hasC1Control(bytes) {
                    return FragmentSanitizer.sanitize(bytes, base: base, buildsHTML: buildsHTML, buildsText: buildsText)
                }
            }
            return html(rawText(node), base: base, buildsHTML: buildsHTML, buildsText: buildsText)
        case .base64(let inner):
            let compact = rawText(node).filter { !$0.isWhitespace }
            // Text that only looks like base64 decodes to bytes that are not UTF-8: keep the text.
            guard let data = Data(base64Encoded: compact, options: .ignoreUnknownCharacters),
                let decoded = String(validating: data, as: UTF8.self)
            else {
                return html(rawText(node), base: base, buildsHTML: buildsHTML)
            }
            switch inner {
            case .html: return html(decoded, base: base, buildsHTML: buildsHTML)
            case .text:
                var builder = TextBuilder()
                builder.append(decoded)
                return ContentValue(value: decoded, text: builder.string)
            }
        }
    }

    /// An HTML string: parsed and sanitized when it holds markup or entities.
    func html(_ source: String, base: String?, buildsHTML: Bool, buildsText: Bool = true) -> ContentValue {
        let needsParsing = source.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }
        guard needsParsing else {
            var builder = TextBuilder()
            builder.append(source)
            return ContentValue(value: source.trimmingASCIISpaces, text: builder.string)
        }
        return FragmentSanitizer.sanitize(source, base: base, buildsHTML: buildsHTML, buildsText: buildsText)
    }

    private func inline(_ node: XMLNode, base: String?, buildsHTML: Bool) -> ContentValue {
        var walker = MarkupWalker(document: document, base: base, buildsHTML: buildsHTML)
        var container = node
        // Atom's xhtml content sits in one <div> that is not part of the content.
        let elements = node.elements
        if elements.count == 1, elements[0].isNamed("div"), Vocabulary.of(elements[0]) == .xhtml {
            let onlyBlank = node.children.allSatisfy { child in
                child.isElement
                    || (child.type != XML_CDATA_SECTION_NODE && document.holdsText(child)
                        && document.text(of: child).map { isBlank($0) } ?? true)
            }
            if onlyBlank { container = elements[0] }
        }
        walker.walkChildren(of: container)
        return ContentValue(value: buildsHTML ? walker.htmlString : "", text: walker.text.string)
    }

    /// Whether UTF-8 text holds a C1 control (C2 80…C2 9F), which ``rawText(_:)`` repairs:
    /// without one (a no-break space is C2 A0) the text node is read in place.
    private static func hasC1Control(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var p = UnsafeRawPointer(base)
        let end = UnsafeRawPointer(base + bytes.count)
        while let found = memchr(p, 0xC2, end - p) {
            let next = UnsafeRawPointer(found) + 1
            if next < end && isC1Continuation(next.load(as: UInt8.self)) { return true }
            p = next
        }
        return false
    }

    private func isBlank(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy(isASCIISpace)
    }
}

/// The second byte of a C1 control's UTF-8 form (C2 80…C2 9F).
@inline(__always)
private func isC1Continuation(_ byte: UInt8) -> Bool {
    byte >= 0x80 && byte <= 0x9F
}
