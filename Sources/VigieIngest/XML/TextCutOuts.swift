import VigieCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Takes the text of a UTF-8 document out of libxml2's way before it reads the
/// document.
///
/// Feeds carry most of their bytes in descriptions and contents, as CDATA
/// sections or as escaped HTML, and libxml2 2.9 reads both slowly: a CDATA
/// section one character at a time (`xmlCurrentChar`), character data so too
/// from its first non-ASCII character on, and each reference on its own. What it
/// reads there is only handed on, as it is, to the sanitizer. So:
///
/// - An element whose whole content is one CDATA section (`<description><![CDATA[…]]></description>`)
///   or character data (`<description>&lt;p>…</description>`), at least
///   ``minimumLength`` bytes long, has that content cut out: libxml2 reads a
///   processing instruction in its place, `<?vigie-cdata 12?>` (with the
///   content's line breaks, so that line numbers stay as they were), and the
///   readers take the text from the document as fetched, or decoded here when it
///   held references (``XMLDocument/text(of:)``).
/// - Any other CDATA section becomes escaped character data (`<![CDATA[<p>a & b</p>]]>`
///   becomes `&#60;p>a &#38; b&#60;/p>`), which libxml2 reads faster, and which
///   joins the text around it as the section did.
///
/// The parser is asked for text nodes either way (`XML_PARSE_NOCDATA`), and XML
/// gives all these forms the same characters, so what the readers see is the same.
/// A text is touched only when nothing in it could read differently: it is valid
/// UTF-8 and holds no carriage return (line ends are normalised differently in a
/// character reference), no control character XML refuses, no U+FFFE/U+FFFF,
/// and, as character data, no `]]>` and only the references XML defines
/// (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, and characters by number):
/// anything else is left to libxml2. Anything the scan does not understand (a DTD
/// with an internal subset, a `<` inside an attribute value) leaves the whole
/// document as it is, and a document that writes `<?vigie-cdata` itself has
/// nothing cut out.
enum TextCutOuts {
    /// Texts shorter than this are left alone: the copy would cost more than it saves.
    static let minimumLength = 64
    /// Texts longer than this are not cut out: libxml2 refuses text nodes over
    /// 10 MB, and a cut-out text would escape that limit.
    static let maximumCutOut = 1 << 20

    /// Where the text of a cut-out is.
    enum CutOut {
        /// These bytes of the document as given.
        case original(Range<Int>)
        /// These bytes of ``Unwrapped/decoded``.
        case decoded(Range<Int>)
    }

    /// What libxml2 is given instead of the document.
    struct Unwrapped {
        /// The document, its texts cut out and its other sections escaped.
        var bytes: [UInt8]
        /// The cut-out texts, by the number their processing instruction carries.
        var cutOuts: [CutOut]
        /// The cut-out texts that held references, decoded, end to end.
        var decoded: DecodedTexts
    }

    /// Decoded texts, written end to end into memory reserved once (a decoded text is never
    /// longer than its source, so the document's length is enough), which the document read
    /// from them keeps: written in place, not appended piece by piece, and not copied again.
    final class DecodedTexts {
        private let memory: UnsafeMutableBufferPointer<UInt8>
        /// How many bytes are written.
        private(set) var count = 0

        init(capacity: Int) {
            memory = .allocate(capacity: max(1, capacity))
        }

        deinit { memory.deallocate() }

        /// The bytes written at `range`, valid as long as this object.
        subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: memory[range])
        }

        /// Lets `write` write at the end (at most `capacity` bytes; it returns how many it
        /// wrote, or `nil` to write nothing) and returns where the bytes written are.
        func append(upTo capacity: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int?) -> Range<Int>? {
            precondition(capacity <= memory.count - count, "decoded text past the memory reserved")
            guard let written = write(memory.baseAddress! + count) else { return nil }
            defer { count += written }
            return count..<(count + written)
        }
    }

    /// The document with its texts cut out and its other CDATA sections as character data,
    /// or `nil` when there is nothing to rewrite (or the document is not one the scan understands).
    static func unwrap(_ bytes: UnsafeRawBufferPointer) -> Unwrapped? {
        let s = bytes.bindMemory(to: UInt8.self)
        guard s.count >= 12 else { return nil }
        var cutter = Cutter(
            cutsOut: BytePattern.find(s, "<?vigie-cdata", from: 0, anchor: 1) == nil,
            decoded: DecodedTexts(capacity: s.count))
        // Room for escapes: a document whose sections need more is left as it is.
        let capacity = 2 * s.count + 64
        var rewritten = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var writer = Writer(buffer: buffer)
            rewritten = scan(s, into: &writer, cutter: &cutter)
            count = rewritten ? writer.count : 0
        }
        return rewritten ? Unwrapped(bytes: output, cutOuts: cutter.cutOuts, decoded: cutter.decoded) : nil
    }

    /// The texts cut out so far.
    private struct Cutter {
        let cutsOut: Bool
        let decoded: DecodedTexts
        var cutOuts: [CutOut] = []

        /// Cuts `s[range]` out when it reads as itself (a section) or as what it decodes to
        /// (character data), writing the instruction that stands for it. `nil` when it is not
        /// cut out; otherwise whether the instruction fit.
        mutating func cut(
            _ s: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isSection: Bool, to writer: inout Writer
        ) -> Bool? {
            guard cutsOut, range.count <= maximumCutOut else { return nil }
            let text = UnsafeBufferPointer(rebasing: s[range])
            var reading: Reading?
            let written = decoded.append(upTo: text.count) { memory in
                reading = read(text, isSection: isSection, into: memory)
                guard case .decoded(let count) = reading else { return nil }
                return count
            }
            switch reading {
            case nil:
                return nil
            case .asIs?:
                cutOuts.append(.original(range))
            case .decoded?:
                cutOuts.append(.decoded(written!))
            }
            return writeInstruction(number: cutOuts.count - 1, for: text, to: &writer)
        }
    }

    /// Writes into memory reserved once: a feed holds thousands of escapes.
    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        /// Appends `run`; `false` when it does not fit.
        mutating func append(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
            guard run.count <= buffer.count - count else { return false }
            if let source = run.baseAddress, run.count > 0 {
                (buffer.baseAddress! + count).initialize(from: source, count: run.count)
            }
            count += run.count
            return true
        }

        mutating func append(_ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { append($0) }
        }

        /// The last `k` bytes written (fewer at the start).
        func last(_ k: Int) -> [UInt8] {
            Array(buffer[max(0, count - k)..<count])
        }
    }

    /// Copies `s` into `writer`, texts cut out (when `cutter` does) and other sections
    /// escaped; `false` when nothing was rewritten (or cannot be).
    private static func scan(_ s: UnsafeBufferPointer<UInt8>, into writer: inout Writer, cutter: inout Cutter) -> Bool {
        guard let base = s.baseAddress else { return false }
        let n = s.count
        var copied = 0  // s[..<copied] is written
        var rewritten = false
        var afterStartTag = -1  // the index after the `>` of a start tag, until the next markup
        var i = 0
        while i < n {
            guard let found = memchr(base + i, 0x3C, n - i) else { break }  // "<"
            let lt = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            let contentStart = afterStartTag
            afterStartTag = -1
            if BytePattern.starts(s, at: lt, with: "<![CDATA[") {
                let start = lt + 9
                guard let end = BytePattern.find(s, "]]>", from: start) else { break }  // unterminated: left to libxml2
                i = end + 3
                let section = UnsafeBufferPointer(rebasing: s[start..<end])
                guard section.count >= minimumLength else { continue }
                let mark = writer.count
                guard writer.append(UnsafeBufferPointer(rebasing: s[copied..<lt])) else { return false }
                let isWholeContent = lt == contentStart && BytePattern.starts(s, at: i, with: "</")
                if isWholeContent, let fits = cutter.cut(s, start..<end, isSection: true, to: &writer) {
                    guard fits else { return false }
                } else if isCharacterData(section) {
                    guard appendEscaped(section, to: &writer) else { return false }
                } else {
                    writer.count = mark  // kept as a section
                    continue
                }
                copied = i
                rewritten = true
            } else if BytePattern.starts(s, at: lt, with: "<!--") {
                guard let end = BytePattern.find(s, "-->", from: lt + 4) else { break }
                i = end + 3
            } else if BytePattern.starts(s, at: lt, with: "<?") {
                guard let end = BytePattern.find(s, "?>", from: lt + 2) else { break }
                i = end + 2
            } else if lt + 1 < n && s[lt + 1] == UInt8(ascii: "!") {
                // A doctype: one with an internal subset may hold anything; give up on it.
                var j = lt + 2
                while j < n && s[j] != UInt8(ascii: ">") {
                    if s[j] == UInt8(ascii: "[") { return false }
                    j += 1
                }
                i = j + 1
            } else {
                // An end tag after character data only: that is its element's whole content.
                if lt + 1 < n, s[lt + 1] == UInt8(ascii: "/"), contentStart >= 0, lt - contentStart >= minimumLength {
                    let mark = writer.count
                    guard writer.append(UnsafeBufferPointer(rebasing: s[copied..<contentStart])) else { return false }
                    if let fits = cutter.cut(s, contentStart..<lt, isSection: false, to: &writer) {
                        guard fits else { return false }
                        copied = lt
                        rewritten = true
                    } else {
                        writer.count = mark
                    }
                }
                // A tag: to its `>`, past quoted attribute values.
                var j = lt + 1
                var quote: UInt8 = 0
                while j < n {
                    j = ByteScan.skip(s, from: j) { block in
                        ByteScan.equal(block, 0x3E) .| ByteScan.equal(block, 0x3C) .| ByteScan.equal(block, 0x22)
                            .| ByteScan.equal(block, 0x27)
                    }
                    guard j < n else { break }
                    let c = s[j]
                    if quote != 0 {
                        if c == quote { quote = 0 } else if c == UInt8(ascii: "<") { return false }
                    } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                        quote = c
                    } else if c == UInt8(ascii: ">") {
                        break
                    } else if c == UInt8(ascii: "<") {
                        return false
                    }
                    j += 1
                }
                i = j + 1
                if j < n && isNameStart(s[lt + 1]) && s[j - 1] != UInt8(ascii: "/") { afterStartTag = i }
            }
        }
        guard rewritten else { return false }
        return writer.append(UnsafeBufferPointer(rebasing: s[copied..<n]))
    }

    /// How a text reads in XML.
    private enum Reading {
        /// As its own bytes.
        case asIs
        /// As the bytes written to the memory given, this many.
        case decoded(count: Int)
    }

    /// How `text` reads, checked to read the same outside libxml2: valid UTF-8, with no
    /// carriage return, no control character XML refuses and no U+FFFE or U+FFFF; as
    /// character data (not `isSection`), no `]]>` and only XML's own references, which
    /// are decoded into `decoded` (room for `text.count` bytes, which decoding never
    /// exceeds: a reference is longer than the UTF-8 it stands for). `nil` for anything else.
    private static func read(
        _ text: UnsafeBufferPointer<UInt8>, isSection: Bool, into decoded: UnsafeMutablePointer<UInt8>
    ) -> Reading? {
        let n = text.count
        var decodes = false
        var written = 0
        var runStart = 0
        var i = 0
        while i < n {
            i = ByteScan.skip(text, from: i) { block in
                let special = ByteScan.high(block) .| ByteScan.below(block, 0x20)
                return isSection ? special : special .| ByteScan.equal(block, 0x26) .| ByteScan.equal(block, 0x5D)
            }
            guard i < n else { break }
            let c = text[i]
            if c >= 0x80 {
                let length = UTF8Census.sequenceLength(text, at: i)
                guard length > 0 else { return nil }
                // U+FFFE and U+FFFF are not XML characters.
                if length == 3 && c == 0xEF && text[i + 1] == 0xBF && text[i + 2] >= 0xBE { return nil }
                i += length
            } else if c < 0x20 {
                guard c == 0x09 || c == 0x0A else { return nil }
                i += 1
            } else if !isSection && c == UInt8(ascii: "&") {
                guard let (scalar, next) = reference(text, at: i) else { return nil }
                (decoded + written).update(from: text.baseAddress! + runStart, count: i - runStart)
                written += i - runStart
                let utf8 = UTF8Bytes(scalar)
                utf8.write(to: decoded + written)
                written += utf8.count
                decodes = true
                i = next
                runStart = i
            } else if !isSection && c == UInt8(ascii: "]") && BytePattern.starts(text, at: i, with: "]]>") {
                return nil
            } else {
                i += 1
            }
        }
        guard decodes else { return .asIs }
        (decoded + written).update(from: text.baseAddress! + runStart, count: n - runStart)
        return .decoded(count: written + n - runStart)
    }

    /// The XML reference at `i` (which holds `&`): one of the five XML names or a character
    /// by number, and the index after it. `nil` for anything else (libxml2 reports it).
    private static func reference(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        var j = i + 1
        while j < s.count && j - i <= 12 && s[j] != UInt8(ascii: ";") { j += 1 }
        guard j < s.count && s[j] == UInt8(ascii: ";") else { return nil }
        let name = UnsafeBufferPointer(rebasing: s[(i + 1)..<j])
        if let first = name.first, first == UInt8(ascii: "#") {
            let hex = name.count > 1 && name[1] == UInt8(ascii: "x")
            let digits = name.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty else { return nil }
            var value: UInt32 = 0
            for c in digits {
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + digit
                guard value <= 0x10FFFF else { return nil }
            }
            // What XML accepts as a character (libxml2 reports the others).
            switch value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return (value, j + 1)
            default: return nil
            }
        }
        // The five names, packed in a word (no allocation per reference).
        guard name.count <= 4 else { return nil }
        let key = name.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let value: UInt32
        switch key {
        case 0x6C74: value = 0x3C  // lt
        case 0x6774: value = 0x3E  // gt
        case 0x61_6D70: value = 0x26  // amp
        case 0x7175_6F74: value = 0x22  // quot
        case 0x6170_6F73: value = 0x27  // apos
        default: return nil
        }
        return (value, j + 1)
    }

    /// Whether a section's text reads the same as character data (see ``read(_:isSection:into:)``).
    private static func isCharacterData(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var none: UInt8 = 0  // a section decodes nothing
        return read(text, isSection: true, into: &none) != nil
    }

    /// Writes `<?vigie-cdata NUMBER` and the section's line breaks, then `?>`; `false`
    /// when it does not fit.
    private static func writeInstruction(
        number: Int, for section: UnsafeBufferPointer<UInt8>, to writer: inout Writer
    ) -> Bool {
        var digits = String(number)
        guard writer.append("<?vigie-cdata "), digits.withUTF8({ writer.append($0) }) else { return false }
        var p = UnsafeRawPointer(section.baseAddress!)
        let end = p + section.count
        while let found = memchr(p, 0x0A, end - p) {
            guard writer.append("\n") else { return false }
            p = UnsafeRawPointer(found) + 1
        }
        return writer.append("?>")
    }

    /// Appends a section's text (checked by ``isCharacterData(_:)``) as character data:
    /// `&` and `<` as character references (which libxml2 reads faster than named ones),
    /// `>` only where it would close a `]]` (never inside a section, but at its edges), a
    /// last `]` so that no `]]>` forms with what follows. `false` when it does not fit.
    private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to writer: inout Writer) -> Bool {
        let n = text.count
        var runStart = 0
        var i = 0
        while i < n {
            i = ByteScan.skip(text, from: i) { block in
                ByteScan.equal(block, 0x26) .| ByteScan.equal(block, 0x3C) .| ByteScan.equal(block, 0x3E)
                    .| ByteScan.equal(block, 0x5D)
            }
            guard i < n else { break }
            let reference: StaticString
            switch text[i] {
            case UInt8(ascii: "&"): reference = "&#38;"
            case UInt8(ascii: "<"): reference = "&#60;"
            case UInt8(ascii: ">") where i < 2:
                // The two bytes before it may be the text before the section.
                let before = writer.last(2 - i) + Array(text[..<i])
                guard before == [0x5D, 0x5D] else {
                    i += 1
                    continue
                }
                reference = "&#62;"
            case UInt8(ascii: "]") where i == n - 1: reference = "&#93;"
            default:
                i += 1
                continue
            }
            guard writer.append(UnsafeBufferPointer(rebasing: text[runStart..<i])), writer.append(reference) else {
                return false
            }
            i += 1
            runStart = i
        }
        return writer.append(UnsafeBufferPointer(rebasing: text[runStart..<n]))
    }

    /// Whether an element name may start with `c` (ASCII only: others are left alone).
    private static func isNameStart(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: ":")
    }
}
