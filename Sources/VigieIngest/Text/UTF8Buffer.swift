/// Appending UTF-8 bytes with the repairs every string we emit needs.
extension Array where Element == UInt8 {
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

    /// Appends one Unicode scalar as UTF-8.
    mutating func appendScalar(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            append(UInt8(value))
        case 0x80..<0x800:
            append(UInt8(0xC0 | (value >> 6)))
            append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | (value >> 12)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        default:
            append(UInt8(0xF0 | (value >> 18)))
            append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Appends text escaped for HTML (`&`, `<`, `>`, and `"` when `quote`).
    mutating func appendEscaped(_ pointer: UnsafePointer<UInt8>, quote: Bool) {
        var p = pointer
        while p.pointee != 0 {
            appendEscaped(byte: p.pointee, quote: quote)
            p += 1
        }
    }

    mutating func appendEscaped(_ string: String, quote: Bool) {
        for byte in string.utf8 { appendEscaped(byte: byte, quote: quote) }
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

    mutating func appendASCII(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
