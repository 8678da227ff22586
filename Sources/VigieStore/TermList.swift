import VigieCore

/// The JSON array of strings stored in `mention.matched_terms` and
/// `mention.top_terms` (`["orange","#orange"]`), written and read without
/// Foundation's JSON coders: exports read millions of them.
enum TermList {
    static func encode(_ terms: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, term) in terms.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONLine.appendString(term, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an array written by ``encode(_:)`` (or any JSON array of strings);
    /// anything unreadable gives the strings read so far.
    static func decode(_ text: String) -> [String] {
        var result: [String] = []
        var utf8 = Array(text.utf8)[...]
        func skipSpaces() {
            while let byte = utf8.first, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                utf8.removeFirst()
            }
        }
        skipSpaces()
        guard utf8.first == UInt8(ascii: "[") else { return result }
        utf8.removeFirst()
        while true {
            skipSpaces()
            guard let first = utf8.first else { return result }
            if first == UInt8(ascii: "]") { return result }
            if first == UInt8(ascii: ",") {
                utf8.removeFirst()
                continue
            }
            guard first == UInt8(ascii: "\"") else { return result }
            utf8.removeFirst()
            var value: [UInt8] = []
            var closed = false
            while let byte = utf8.popFirst() {
                if byte == UInt8(ascii: "\"") {
                    closed = true
                    break
                }
                if byte != UInt8(ascii: "\\") {
                    value.append(byte)
                    continue
                }
                guard let escaped = utf8.popFirst() else { break }
                switch escaped {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "u"):
                    guard utf8.count >= 4, let code = UInt32(String(decoding: utf8.prefix(4), as: UTF8.self), radix: 16)
                    else {
                        return result
                    }
                    utf8.removeFirst(4)
                    var scalarValue = code
                    if (0xD800..<0xDC00).contains(code), utf8.count >= 6, utf8.first == UInt8(ascii: "\\"),
                        let low = UInt32(String(decoding: utf8.dropFirst(2).prefix(4), as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        utf8.removeFirst(6)
                        scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                    value.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: value.append(escaped)
                }
            }
            guard closed else { return result }
            result.append(String(decoding: value, as: UTF8.self))
        }
    }
}
