/// Finds, in the text of a YAML document, a mapping key that is not a plain value: an alias (`*a: x`),
/// an explicit key (`? x`), or a list or mapping (`[a, b]: x`, `{a: b}: x`).
///
/// `vigie.yaml` never needs such keys, and they are dangerous before any tree can be checked: Yams hashes
/// every key while it parses, to find duplicates, so an alias key standing for a "billion laughs" list
/// costs minutes of CPU inside the parser. This scan runs first, on the bytes: it skips quoted texts and
/// comments, and errs on the side of refusing (a plain text such as `a *b: c` is taken for an alias key).
struct ComplexKeyScan {
    /// Where the first such key starts (1-based line and column) and what it is, if any.
    static func firstComplexKey(in yaml: String) -> (line: Int, column: Int, what: String)? {
        let bytes = Array(yaml.utf8)
        var line = 1
        var lineStart = 0
        var index = 0
        var previous: UInt8 = 0x0A  // the last byte seen outside comments that is not a space
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        func isAnchorCharacter(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte >= 0x80
        }
        /// Whether a `:` that makes what precedes it a key follows `position` (after spaces).
        func keyIndicatorFollows(_ position: Int) -> Bool {
            var next = position
            while next < bytes.count, isSpace(bytes[next]) { next += 1 }
            guard next < bytes.count, bytes[next] == UInt8(ascii: ":") else { return false }
            return next + 1 == bytes.count || isSpace(bytes[next + 1]) || isBreak(bytes[next + 1])
                || bytes[next + 1] == UInt8(ascii: ",") || bytes[next + 1] == UInt8(ascii: "}")
                || bytes[next + 1] == UInt8(ascii: "]")
        }
        while index < bytes.count {
            let byte = bytes[index]
            let column = index - lineStart + 1
            // Where a YAML token (a quoted text, an alias) may start: after a line break or an indicator.
            let atTokenStart = isBreak(previous) || Self.tokenStarters.contains(previous)
            switch byte {
            case 0x0A:
                line += 1
                lineStart = index + 1
                previous = byte
                index += 1
                continue
            case UInt8(ascii: "#") where index == lineStart || isSpace(bytes[index - 1]):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            case UInt8(ascii: "'") where atTokenStart, UInt8(ascii: "\"") where atTokenStart:
                // A quoted text: skip to its end (doubled '' or \" inside), counting its line breaks.
                index += 1
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == 0x0A {
                        line += 1
                        lineStart = index + 1
                    } else if byte == UInt8(ascii: "\"") && inner == UInt8(ascii: "\\") {
                        index += 1
                    } else if inner == byte {
                        if byte == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == byte {
                            index += 1
                        } else {
                            break
                        }
                    }
                    index += 1
                }
                index += 1
                previous = byte
                continue
            case UInt8(ascii: "*") where atTokenStart:
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1, keyIndicatorFollows(end) { return (line, column, "an alias") }
            case UInt8(ascii: "?")
            where
                (isBreak(previous) || previous == UInt8(ascii: "{")
                || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "-"))
                && (index + 1 == bytes.count || isSpace(bytes[index + 1]) || isBreak(bytes[index + 1])):
                return (line, column, "an explicit key (? …)")
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if keyIndicatorFollows(index + 1) { return (line, column, "a list or a mapping") }
            default:
                break
            }
            if !isSpace(byte) && byte != 0x0D { previous = byte }
            index += 1
        }
        return nil
    }

    private static let tokenStarters: Set<UInt8> = [
        UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"),
        UInt8(ascii: "?"),
    ]
}
