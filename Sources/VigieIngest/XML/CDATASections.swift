import VigieCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Rewrites the CDATA sections of a UTF-8 document as escaped character data
/// (`<![CDATA[<p>a & b</p>]]>` becomes `&#60;p>a &#38; b&#60;/p>`) before
/// libxml2 reads it.
///
/// Feeds carry most of their bytes in CDATA descriptions, and libxml2 2.9
/// decodes a CDATA section one character at a time (`xmlCurrentChar`), about
/// five times slower than character data, whose runs it copies at once. The
/// parser is asked for text nodes either way (`XML_PARSE_NOCDATA`), and XML
/// gives both forms the same characters, so the tree is the same.
///
/// A section is rewritten only when nothing in it could read differently: it
/// is valid UTF-8 and holds no carriage return (line ends are normalised
/// differently in a character reference), no control character XML refuses,
/// no U+FFFE/U+FFFF. Anything the scan does not understand (a DTD with an
/// internal subset, a `<` inside an attribute value) leaves the whole
/// document as it is.
enum CDATASections {
    /// Sections shorter than this are left alone: the copy would cost more than it saves.
    static let minimumLength = 64

    /// The document with its CDATA sections as character data, or `nil` when
    /// there is nothing to rewrite (or the document is not one the scan understands).
    static func unwrap(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let s = bytes.bindMemory(to: UInt8.self)
        guard s.count >= 12 else { return nil }
        // Room for escapes: a document whose sections need more is left as it is.
        let capacity = 2 * s.count + 64
        var rewritten = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var writer = Writer(buffer: buffer)
            rewritten = scan(s, into: &writer)
            count = rewritten ? writer.count : 0
        }
        return rewritten ? output : nil
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

    /// Copies `s` into `writer`, sections rewritten; `false` when nothing was (or cannot be).
    private static func scan(_ s: UnsafeBufferPointer<UInt8>, into writer: inout Writer) -> Bool {
        guard let base = s.baseAddress else { return false }
        let n = s.count
        var copied = 0  // s[..<copied] is written
        var rewritten = false
        var i = 0
        while i < n {
            guard let found = memchr(base + i, 0x3C, n - i) else { break }  // "<"
            let lt = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            if starts(s, at: lt, with: "<![CDATA[") {
                let start = lt + 9
                guard let end = find(s, "]]>", from: start) else { break }  // unterminated: left to libxml2
                i = end + 3
                guard end - start >= minimumLength else { continue }
                guard writer.append(UnsafeBufferPointer(rebasing: s[copied..<lt])) else { return false }
                let mark = writer.count
                switch appendEscaped(UnsafeBufferPointer(rebasing: s[start..<end]), to: &writer) {
                case .written:
                    copied = i
                    rewritten = true
                case .unusual:
                    writer.count = mark  // kept as a section
                    copied = lt
                case .full:
                    return false
                }
            } else if starts(s, at: lt, with: "<!--") {
                guard let end = find(s, "-->", from: lt + 4) else { break }
                i = end + 3
            } else if starts(s, at: lt, with: "<?") {
                guard let end = find(s, "?>", from: lt + 2) else { break }
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
                // A tag: to its `>`, past quoted attribute values.
                var j = lt + 1
                var quote: UInt8 = 0
                while j < n {
                    j = ByteScan.skip(s, from: j) { word in
                        !ByteScan.has(word, 0x3E) && !ByteScan.has(word, 0x3C) && !ByteScan.has(word, 0x22)
                            && !ByteScan.has(word, 0x27)
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
            }
        }
        guard rewritten else { return false }
        return writer.append(UnsafeBufferPointer(rebasing: s[copied..<n]))
    }

    private enum Outcome { case written, unusual, full }

    /// Appends a section's text as character data: `&` and `<` as character references
    /// (which libxml2 reads faster than named ones), `>` only where it would close a `]]`
    /// (never inside a section, but at its edges), a last `]` so that no `]]>` forms with
    /// what follows. `.unusual` (having written part of it) when the text holds something
    /// character data would read differently.
    private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to writer: inout Writer) -> Outcome {
        let n = text.count
        var runStart = 0
        var i = 0
        while i < n {
            i = ByteScan.skip(text, from: i) { word in
                !ByteScan.hasHighBit(word) && !ByteScan.hasBelow(word, 0x20) && !ByteScan.has(word, 0x26)
                    && !ByteScan.has(word, 0x3C) && !ByteScan.has(word, 0x3E) && !ByteScan.has(word, 0x5D)
            }
            guard i < n else { break }
            let c = text[i]
            if c >= 0x80 {
                let length = UTF8Census.sequenceLength(text, at: i)
                guard length > 0 else { return .unusual }
                // U+FFFE and U+FFFF are not XML characters.
                if length == 3 && c == 0xEF && text[i + 1] == 0xBF && text[i + 2] >= 0xBE { return .unusual }
                i += length
                continue
            }
            if c < 0x20 {
                guard c == 0x09 || c == 0x0A else { return .unusual }
                i += 1
                continue
            }
            let reference: StaticString
            switch c {
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
                return .full
            }
            i += 1
            runStart = i
        }
        return writer.append(UnsafeBufferPointer(rebasing: text[runStart..<n])) ? .written : .full
    }

    private static func starts(_ s: UnsafeBufferPointer<UInt8>, at i: Int, with literal: StaticString) -> Bool {
        literal.withUTF8Buffer { pattern in
            guard i + pattern.count <= s.count else { return false }
            for k in 0..<pattern.count where s[i + k] != pattern[k] { return false }
            return true
        }
    }

    /// The index of the first `literal` at or after `from`.
    private static func find(_ s: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from: Int) -> Int? {
        guard let base = s.baseAddress else { return nil }
        return literal.withUTF8Buffer { pattern in
            let m = pattern.count
            var p = from
            while s.count - p >= m {
                guard let found = memchr(base + p, Int32(pattern[0]), s.count - p - m + 1) else { return nil }
                let at = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if memcmp(base + at, pattern.baseAddress!, m) == 0 { return at }
                p = at + 1
            }
            return nil
        }
    }
}
