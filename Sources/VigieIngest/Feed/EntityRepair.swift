import CLibXML2

/// Rewrites HTML named entities (`&eacute;`, `&nbsp;`), which XML does not
/// define, as numeric references so libxml2 keeps them.
///
/// Feeds use them all the time; XML parsers drop them with an error. The
/// five XML entities are left as they are; a name nobody defines is kept as
/// literal text (`&amp;name;`), a bare `&` becomes `&amp;`, and `&#X41;`
/// becomes `&#x41;`.
enum EntityRepair {
    /// The bytes with every known HTML entity made numeric, or `nil` if none was found.
    static func repair(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var changed = false
        let count = bytes.count
        var i = 0
        while i < count {
            guard bytes[i] == UInt8(ascii: "&") else {
                i += 1
                continue
            }
            // `&#X41;`: XML wants a lower-case x; browsers and feedparser accept both.
            if i + 2 < count, bytes[i + 1] == UInt8(ascii: "#"), bytes[i + 2] == UInt8(ascii: "X") {
                if !changed {
                    output.reserveCapacity(count + 64)
                    changed = true
                }
                output.append(contentsOf: bytes[copiedUpTo..<i])
                output.append(contentsOf: Array("&#x".utf8))
                copiedUpTo = i + 3
                i += 3
                continue
            }
            var j = i + 1
            while j < count, j - i <= 32, isNameByte(bytes[j]) { j += 1 }
            let isCharacterReference = i + 1 < count && bytes[i + 1] == UInt8(ascii: "#")
            guard j < count, bytes[j] == UInt8(ascii: ";"), j > i + 1 else {
                if !isCharacterReference && !inMarkupDeclaration(bytes, before: i) {
                    // A bare `&`: the writer meant the character.
                    if !changed {
                        output.reserveCapacity(count + 64)
                        changed = true
                    }
                    output.append(contentsOf: bytes[copiedUpTo...i])
                    output.append(contentsOf: Array("amp;".utf8))
                    copiedUpTo = i + 1
                }
                i += 1
                continue
            }
            var name = [UInt8](bytes[(i + 1)..<j])
            if !isXMLEntity(name) {
                if !changed {
                    output.reserveCapacity(count + 64)
                    changed = true
                }
                output.append(contentsOf: bytes[copiedUpTo..<i])
                if let value = lookup(&name) {
                    output.append(contentsOf: Array("&#\(value);".utf8))
                } else {
                    // An entity nobody defines: keep it as the text it was.
                    output.append(contentsOf: Array("&amp;".utf8))
                    output.append(contentsOf: bytes[(i + 1)...j])
                }
                copiedUpTo = j + 1
            }
            i = j + 1
        }
        guard changed else { return nil }
        output.append(contentsOf: bytes[copiedUpTo..<count])
        return output
    }

    /// Whether position `i` sits inside a `<!…>` declaration (a DTD), where `&` is not ours to touch.
    private static func inMarkupDeclaration(_ bytes: UnsafeRawBufferPointer, before i: Int) -> Bool {
        var k = i - 1
        while k >= 0 && i - k < 4096 {
            if bytes[k] == UInt8(ascii: ">") { return false }
            if bytes[k] == UInt8(ascii: "<") { return k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "!") }
            k -= 1
        }
        return false
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isXMLEntity(_ name: [UInt8]) -> Bool {
        name == Array("amp".utf8) || name == Array("lt".utf8) || name == Array("gt".utf8)
            || name == Array("quot".utf8) || name == Array("apos".utf8)
    }

    /// HTML's table of named entities.
    private static func lookup(_ name: inout [UInt8]) -> UInt32? {
        HTMLEntities.value(of: name)
    }
}
