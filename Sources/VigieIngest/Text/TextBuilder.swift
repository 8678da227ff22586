/// Builds plain text from pieces: whitespace collapsed to single spaces,
/// block boundaries turned into sentence breaks, leading and trailing space
/// trimmed. Works on UTF-8 bytes; the `String` is made once at the end.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = false

    init() { bytes.reserveCapacity(256) }

    var isEmpty: Bool { bytes.isEmpty }

    /// Appends raw text; runs of white space become one space.
    mutating func append(_ pointer: UnsafePointer<UInt8>) {
        var p = pointer
        while p.pointee != 0 {
            appendByte(p.pointee)
            p += 1
        }
    }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { buffer in
            for byte in buffer { appendByte(byte) }
        }
    }

    @inline(__always)
    mutating func appendByte(_ byte: UInt8) {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
            pendingSpace = true
        default:
            if !bytes.isEmpty {
                if pendingBreak {
                    if let last = bytes.last, !TextBuilder.endsSentence(last) { bytes.append(0x2E) }  // "."
                    bytes.append(0x20)
                } else if pendingSpace {
                    bytes.append(0x20)
                }
            }
            pendingSpace = false
            pendingBreak = false
            bytes.appendRepaired(byte)
        }
    }

    /// Marks a block boundary: the next text starts a new sentence.
    mutating func breakSentence() {
        pendingBreak = true
    }

    /// Marks a word boundary (an inline element that separates words, like `<br>`).
    mutating func breakWord() {
        pendingSpace = true
    }

    /// The text so far.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether a byte already ends a sentence (or is not a letter or digit, so a
    /// period would look odd after it).
    private static func endsSentence(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...0xFF, UInt8(ascii: ")"), UInt8(ascii: "\""),
            UInt8(ascii: "'"):
            return false
        default:
            return true
        }
    }
}
