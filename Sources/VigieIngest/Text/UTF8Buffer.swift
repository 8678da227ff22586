import VigieCore

/// Where UTF-8 is written: an array, or a ``ByteBuffer`` (the writers' hot paths).
protocol UTF8Sink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf run: UnsafeBufferPointer<UInt8>)
    var last: UInt8? { get }
    @discardableResult mutating func removeLast() -> UInt8
}

extension Array: UTF8Sink where Element == UInt8 {}
extension ByteBuffer: UTF8Sink {}

/// Appending UTF-8 bytes with the repairs every string we emit needs.
extension UTF8Sink where Self: ~Copyable {
    /// Appends a byte, reading a C1 control (C2 80…C2 9F) as the Windows-1252
    /// character it almost always stands for.
    @inline(__always)
    mutating func appendRepaired(_ byte: UInt8) {
        if byte >= 0x80 && byte <= 0x9F, last == 0xC2 {
            let mapped = Windows1252.c1[Int(byte - 0x80)]
            if mapped != 0 {
                removeLast()
                appendScalar(mapped)
                return
            }
        }
        append(byte)
    }

    /// Appends UTF-8 text, C1 controls repaired; plain runs copied at once.
    mutating func appendRepaired(_ text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        var runStart = 0
        var i = 0
        while i < n {
            i = ByteScan.skip(text, from: i) { ByteScan.equal($0, 0xC2) }
            guard i < n else { break }
            guard text[i] == 0xC2 else {
                i += 1
                continue
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...i]))
            i += 1
            if i < n {
                appendRepaired(text[i])
                i += 1
            }
            runStart = i
        }
        if n > runStart { append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<n])) }
    }

    /// Appends one Unicode scalar as UTF-8.
    mutating func appendScalar(_ value: UInt32) {
        let utf8 = UTF8Bytes(value)
        append(utf8.bytes.0)
        guard utf8.count > 1 else { return }
        append(utf8.bytes.1)
        guard utf8.count > 2 else { return }
        append(utf8.bytes.2)
        guard utf8.count > 3 else { return }
        append(utf8.bytes.3)
    }

    /// Appends text escaped for HTML (`&`, `<`, `>`, and `"` when `quote`),
    /// C1 controls read as Windows-1252; plain runs are copied at once.
    mutating func appendEscaped(_ run: UnsafeBufferPointer<UInt8>, quote: Bool) {
        var runStart = 0
        var i = 0
        let n = run.count
        while i < n {
            i = ByteScan.skip(run, from: i) { block in
                ByteScan.equal(block, 0x26) .| ByteScan.equal(block, 0x3C) .| ByteScan.equal(block, 0x3E)
                    .| ByteScan.equal(block, 0x22) .| ByteScan.equal(block, 0xC2)
            }
            guard i < n else { break }
            let byte = run[i]
            let special =
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (quote && byte == UInt8(ascii: "\"")) || byte == 0xC2
            if !special {
                i += 1
                continue
            }
            if i > runStart { append(contentsOf: UnsafeBufferPointer(rebasing: run[runStart..<i])) }
            if byte == 0xC2 {
                append(byte)
                if i + 1 < n {
                    appendRepaired(run[i + 1])
                    i += 1
                }
            } else {
                appendEscaped(byte: byte, quote: quote)
            }
            i += 1
            runStart = i
        }
        if n > runStart { append(contentsOf: UnsafeBufferPointer(rebasing: run[runStart..<n])) }
    }

    @inline(__always)
    mutating func appendEscaped(byte: UInt8, quote: Bool) {
        switch byte {
        case UInt8(ascii: "&"): appendASCII("&amp;")
        case UInt8(ascii: "<"): appendASCII("&lt;")
        case UInt8(ascii: ">"): appendASCII("&gt;")
        case UInt8(ascii: "\""): if quote { appendASCII("&quot;") } else { append(byte) }
        default: appendRepaired(byte)
        }
    }

    /// Appends a string's bytes at once (`append(contentsOf: string.utf8)` goes byte by byte).
    @inline(__always)
    mutating func appendUTF8(of string: String) {
        var string = string
        string.withUTF8 { append(contentsOf: $0) }
    }

    mutating func appendASCII(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}

/// A Unicode scalar's UTF-8 bytes, made on the stack: the encoder every writer here uses.
struct UTF8Bytes {
    private(set) var bytes: (UInt8, UInt8, UInt8, UInt8)
    let count: Int

    @inline(__always)
    init(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            (bytes, count) = ((UInt8(value), 0, 0, 0), 1)
        case 0x80..<0x800:
            (bytes, count) = ((UInt8(0xC0 | (value >> 6)), UInt8(0x80 | (value & 0x3F)), 0, 0), 2)
        case 0x800..<0x10000:
            bytes = (UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F)), 0)
            count = 3
        default:
            bytes = (
                UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)), UInt8(0x80 | ((value >> 6) & 0x3F)),
                UInt8(0x80 | (value & 0x3F))
            )
            count = 4
        }
    }

    /// Writes the bytes at `p`.
    @inline(__always)
    func write(to p: UnsafeMutablePointer<UInt8>) {
        p[0] = bytes.0
        guard count > 1 else { return }
        p[1] = bytes.1
        guard count > 2 else { return }
        p[2] = bytes.2
        guard count > 3 else { return }
        p[3] = bytes.3
    }

    /// Calls `body` with the bytes.
    @inline(__always)
    func withBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeBytes(of: bytes) { raw in
            body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }
}
