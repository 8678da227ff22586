import CLibXML2
import VigieCore

/// Sanitizes an HTML fragment (a feed's description or content) and extracts
/// its text in one pass over the bytes, without building a tree.
///
/// Feeds carry most of their bytes inside such fragments; a tree parser
/// would read them a second time at half its XML speed. The tokenizer here
/// follows what browsers do for the cases feeds contain: tags with quoted or
/// bare attributes, comments, character and named references, raw-text
/// elements (`script`, `style`) skipped to their end tag, unclosed tags closed
/// at the end, stray end tags ignored. The rules (what is kept, dropped or
/// unwrapped) are ``MarkupRule``'s, shared with the tree walker used for pages.
struct FragmentSanitizer: ~Copyable {
    private let base: String?
    private let buildsHTML: Bool
    private let buildsText: Bool
    private var html = ByteBuffer()
    private var text = TextBuilder()
    /// Kept elements still open in the output (numbers in ``MarkupRule/tags``), to close them at the end.
    private var open: [Int] = []

    /// Sanitizes `source`, resolving relative URLs against `base`.
    static func sanitize(_ source: String, base: String?, buildsHTML: Bool, buildsText: Bool = true) -> ContentValue {
        var source = source
        return source.withUTF8 { sanitize($0, base: base, buildsHTML: buildsHTML, buildsText: buildsText) }
    }

    /// Sanitizes UTF-8 bytes the caller owns (a libxml2 text node, without a copy).
    static func sanitize(
        _ source: UnsafeBufferPointer<UInt8>, base: String?, buildsHTML: Bool, buildsText: Bool = true
    ) -> ContentValue {
        var sanitizer = FragmentSanitizer(base: base, buildsHTML: buildsHTML, buildsText: buildsText)
        sanitizer.run(source)
        var value = ""
        if buildsHTML {
            value = sanitizer.html.withUnsafeBufferPointer { String(writtenUTF8: $0.trimmingASCIISpaces) }
        }
        return ContentValue(value: value, text: sanitizer.text.string)
    }

    private init(base: String?, buildsHTML: Bool, buildsText: Bool) {
        self.base = base
        self.buildsHTML = buildsHTML
        self.buildsText = buildsText
    }

    private mutating func run(_ s: UnsafeBufferPointer<UInt8>) {
        // Reserved once: grown by doubling, each output was reallocated about ten times.
        if buildsHTML { html.reserve(s.count) }
        if buildsText { text.reserve(s.count) }
        open.reserveCapacity(16)
        let n = s.count
        var i = 0
        var runStart = 0
        // Whether s[runStart..<i] is plain: nothing the text builder or the escaping must look
        // at, so that it is copied to both as it is. Most text is; the scan for markup then
        // finds its end, and the text is not scanned twice more.
        var plain = true
        while i < n {
            i =
                plain
                ? TextBuilder.firstNotPlain(s, from: i) {
                    ByteScan.equal($0, 0x3C) .| ByteScan.equal($0, 0x26) .| ByteScan.equal($0, 0x3E)
                }
                : ByteScan.skip(s, from: i) { ByteScan.equal($0, 0x3C) .| ByteScan.equal($0, 0x26) }
            guard i < n else { break }
            let byte = s[i]
            if byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&") {
                plain = false
                i += 1
                continue
            }
            emitText(s, runStart, i, plain: plain)
            plain = true
            if byte == UInt8(ascii: "&") {
                i = decodeReference(s, at: i)
            } else {
                i = markup(s, at: i)
            }
            runStart = i
        }
        emitText(s, runStart, n, plain: plain)
        while let tag = open.popLast() { closeTag(tag) }
    }

    // MARK: Text

    /// Emits text (never holding `<` or `&`); a `plain` run (see ``run(_:)``) is copied as it is.
    private mutating func emitText(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, plain: Bool) {
        guard end > start, let base = s.baseAddress else { return }
        let run = UnsafeBufferPointer(start: base + start, count: end - start)
        if plain {
            if buildsText { text.appendPlain(run) }
            if buildsHTML { html.append(contentsOf: run) }
        } else {
            if buildsText { text.append(run) }
            if buildsHTML { html.appendEscaped(run, quote: false) }
        }
    }

    /// Emits one character (a decoded reference, a literal `<`), encoded on the
    /// stack: references are frequent and a heap array each was a measurable cost.
    private mutating func emitScalar(_ value: UInt32) {
        UTF8Bytes(value).withBuffer { run in
            if buildsText { text.append(run) }
            if buildsHTML { html.appendEscaped(run, quote: false) }
        }
    }

    /// `&…;` at `i`: the character it stands for, or a literal `&`. Returns the next index.
    private mutating func decodeReference(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        if let (value, next) = FragmentSanitizer.reference(s, at: i) {
            emitScalar(value)
            return next
        }
        emitScalar(UInt32(UInt8(ascii: "&")))
        return i + 1
    }

    /// Decodes a character or named reference at `i` (which holds `&`).
    static func reference(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let n = s.count
        var j = i + 1
        guard j < n else { return nil }
        if s[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < n && (s[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            var value: UInt32 = 0
            let digitsStart = j
            while j < n, j - digitsStart < 8 {
                let c = s[j]
                if c >= 48 && c <= 57 {
                    value = value * (hex ? 16 : 10) + UInt32(c - 48)
                } else if hex, (c | 0x20) >= UInt8(ascii: "a"), (c | 0x20) <= UInt8(ascii: "f") {
                    value = value * 16 + UInt32((c | 0x20) - 87)
                } else {
                    break
                }
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n && s[j] == UInt8(ascii: ";") { j += 1 }
            if value >= 0x80 && value <= 0x9F && Windows1252.c1[Int(value - 0x80)] != 0 {
                value = Windows1252.c1[Int(value - 0x80)]
            }
            guard value > 0, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return (0xFFFD, j) }
            return (value, j)
        }
        let nameStart = j
        while j < n, j - nameStart < 32 {
            let c = s[j]
            guard (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || (c >= 48 && c <= 57) else {
                break
            }
            j += 1
        }
        guard j > nameStart, j < n, s[j] == UInt8(ascii: ";") else { return nil }
        guard let value = HTMLEntities.value(of: UnsafeBufferPointer(rebasing: s[nameStart..<j])) else { return nil }
        return (value, j + 1)
    }

    // MARK: Markup

    /// Markup at `i` (which holds `<`). Returns the next index.
    private mutating func markup(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = s.count
        guard i + 1 < n else {
            emitScalar(UInt32(UInt8(ascii: "<")))
            return i + 1
        }
        let next = s[i + 1]
        if next == UInt8(ascii: "!") {
            if i + 3 < n && s[i + 2] == UInt8(ascii: "-") && s[i + 3] == UInt8(ascii: "-") {
                // A comment; one that never closes with `-->` ends at the next `>`
                // (old SGML comments, `<!-- -- text >`), as feedparser reads it.
                if let end = BytePattern.find(s, "-->", from: i + 4) { return end + 3 }
                return BytePattern.find(s, ">", from: i + 4).map { $0 + 1 } ?? n
            }
            // A doctype is `<!DOCTYPE name …>`; what only starts like one (`<!DOCTYPE'`,
            // `<!DOCTYPE` never closed) is text someone wrote about one.
            if FragmentSanitizer.isDoctype(s, at: i), let end = BytePattern.find(s, ">", from: i + 2) {
                return end + 1
            }
            // `<![CDATA[`, `<!'`: text a writer typed, kept visible.
            emitScalar(UInt32(UInt8(ascii: "<")))
            return i + 1
        }
        if next == UInt8(ascii: "?") {
            if let end = BytePattern.find(s, ">", from: i + 2) { return end + 1 }
            emitScalar(UInt32(UInt8(ascii: "<")))
            return i + 1
        }
        if next == UInt8(ascii: "/") {
            guard i + 2 < n, isLetter(s[i + 2]) else {
                return BytePattern.find(s, ">", from: i + 2).map { $0 + 1 } ?? n
            }
            var j = i + 2
            let tag = MarkupRule.tag(lowercasing: readName(s, &j))
            let end = BytePattern.find(s, ">", from: j).map { $0 + 1 } ?? n
            endTag(tag)
            return end
        }
        guard isLetter(next) else {
            emitScalar(UInt32(UInt8(ascii: "<")))
            return i + 1
        }
        var j = i + 1
        let tag = MarkupRule.tag(lowercasing: readName(s, &j))
        let rule = tag.map { MarkupRule.tags[$0].rule } ?? .unwrap
        // Every attribute is read (to find the tag's end); those of a tag written out are
        // written as they are read, after the tag's name (``startTag`` closes the tag).
        let writesAttributes = buildsHTML && (rule == .keep || rule == .void)
        if writesAttributes, let tag {
            html.append(contentsOf: MarkupRule.tags[tag].opening)
        }
        var selfClosing = false
        // Attributes, up to `>`.
        while j < n {
            while j < n, isASCIISpace(s[j]) { j += 1 }
            guard j < n else { break }
            if s[j] == UInt8(ascii: ">") {
                j += 1
                break
            }
            if s[j] == UInt8(ascii: "/") {
                selfClosing = true
                j += 1
                continue
            }
            let nameStart = j
            while j < n, !isASCIISpace(s[j]), s[j] != UInt8(ascii: "="), s[j] != UInt8(ascii: ">"),
                s[j] != UInt8(ascii: "/") || j == nameStart
            {
                j += 1
            }
            let attributeName =
                writesAttributes
                ? MarkupRule.allowedAttribute(lowercasing: UnsafeBufferPointer(rebasing: s[nameStart..<j])) : nil
            while j < n, isASCIISpace(s[j]) { j += 1 }
            var value = 0..<0
            if j < n, s[j] == UInt8(ascii: "=") {
                j += 1
                while j < n, isASCIISpace(s[j]) { j += 1 }
                let valueStart: Int
                let valueEnd: Int
                if j < n, s[j] == UInt8(ascii: "\"") || s[j] == UInt8(ascii: "'") {
                    let quote = s[j]
                    valueStart = j + 1
                    j = valueStart
                    while j < n, s[j] != quote { j += 1 }
                    valueEnd = j
                    if j < n { j += 1 }
                } else {
                    valueStart = j
                    while j < n, !isASCIISpace(s[j]), s[j] != UInt8(ascii: ">") { j += 1 }
                    valueEnd = j
                }
                value = valueStart..<valueEnd
            }
            if let attributeName { writeAttribute(attributeName, UnsafeBufferPointer(rebasing: s[value])) }
        }
        // An element the rules do not name is unwrapped: its tag is dropped, its content read.
        guard let tag else { return j }
        return startTag(tag, selfClosing: selfClosing, s, after: j)
    }

    private mutating func startTag(
        _ tag: Int, selfClosing: Bool, _ s: UnsafeBufferPointer<UInt8>,
        after j: Int
    ) -> Int {
        let element = MarkupRule.tags[tag]
        if element.isBlock { text.breakSentence() }
        switch element.rule {
        case .drop:
            if selfClosing || FragmentSanitizer.voidDrops.contains(element.name) { return j }
            // Skip to the matching end tag (raw text for script and style).
            return FragmentSanitizer.skipElement(s, name: element.name, from: j)
        case .unwrap:
            return j
        case .void:
            text.breakWord()
            if buildsHTML { html.appendASCII(" />") }
            return j
        case .keep:
            if buildsHTML { html.append(UInt8(ascii: ">")) }
            if selfClosing {
                closeTag(tag)
            } else if open.count < 200 {
                open.append(tag)
            }
            return j
        }
    }

    private mutating func endTag(_ tag: Int?) {
        guard let tag else { return }  // not a block, never kept open
        if MarkupRule.tags[tag].isBlock { text.breakSentence() }
        guard let index = open.lastIndex(of: tag) else { return }  // a stray end tag
        while open.count > index { closeTag(open.removeLast()) }
    }

    /// Writes an allowed attribute (its number in ``MarkupRule``) with its value's references decoded.
    private mutating func writeAttribute(_ attribute: Int, _ raw: UnsafeBufferPointer<UInt8>) {
        // Most values (links) hold no reference: written from the source, without a copy.
        if ByteScan.skip(raw, from: 0, until: { ByteScan.equal($0, 0x26) }) == raw.count {
            MarkupRule.appendAttribute(attribute, raw, base: base, to: &html)
            return
        }
        var value: [UInt8] = []
        value.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&"), let (scalar, next) = FragmentSanitizer.reference(raw, at: i) {
                value.appendScalar(scalar)
                i = next
            } else {
                value.append(raw[i])
                i += 1
            }
        }
        value.withUnsafeBufferPointer { MarkupRule.appendAttribute(attribute, $0, base: base, to: &html) }
    }

    private mutating func closeTag(_ tag: Int) {
        guard buildsHTML else { return }
        html.append(contentsOf: MarkupRule.tags[tag].closing)
    }

    // MARK: Scanning helpers

    private static let voidDrops: Set<String> = ["input", "meta", "link", "base", "param", "embed"]
    private static let rawText: Set<String> = ["script", "style", "textarea", "xmp"]

    /// The index after the end tag that closes `name`, counting nested ones
    /// (raw-text elements end at the first `</name`).
    private static func skipElement(_ s: UnsafeBufferPointer<UInt8>, name: String, from start: Int) -> Int {
        let n = s.count
        let raw = rawText.contains(name)
        var depth = 1
        var i = start
        while i < n {
            guard let lt = BytePattern.find(s, "<", from: i) else { return n }
            i = lt + 1
            let closing = i < n && s[i] == UInt8(ascii: "/")
            let nameStart = closing ? i + 1 : i
            guard matchesName(s, name, at: nameStart) else { continue }
            if closing {
                depth -= 1
                if depth == 0 || raw { return BytePattern.find(s, ">", from: nameStart).map { $0 + 1 } ?? n }
            } else if !raw {
                depth += 1
            }
        }
        return n
    }

    /// Whether `<!DOCTYPE` at `i` is followed by white space and a name, or by `>`.
    private static func isDoctype(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let keyword = Array("doctype".utf8)
        guard i + 2 + keyword.count < s.count else { return false }
        for k in 0..<keyword.count where (s[i + 2 + k] | 0x20) != keyword[k] { return false }
        var j = i + 2 + keyword.count
        if s[j] == UInt8(ascii: ">") { return true }
        guard isASCIISpace(s[j]) else { return false }
        while j < s.count, isASCIISpace(s[j]) { j += 1 }
        return j < s.count && isLetter(s[j])
    }

    private static func matchesName(_ s: UnsafeBufferPointer<UInt8>, _ name: String, at i: Int) -> Bool {
        let name = name.utf8
        guard i + name.count <= s.count else { return false }
        for (k, byte) in name.enumerated() where (s[i + k] | 0x20) != byte { return false }
        let after = i + name.count
        return after == s.count || !isLetter(s[after]) && !(s[after] >= 48 && s[after] <= 57)
    }

    /// The bytes of the tag name at `j` (at most 32); moves `j` past it.
    private func readName(_ s: UnsafeBufferPointer<UInt8>, _ j: inout Int) -> UnsafeBufferPointer<UInt8> {
        let start = j
        while j < s.count, j - start < 32 {
            let c = s[j]
            guard isLetter(c) || (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") else { break }
            j += 1
        }
        return UnsafeBufferPointer(rebasing: s[start..<j])
    }
}

@inline(__always)
private func isLetter(_ c: UInt8) -> Bool {
    (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
}
