import Foundation

/// What the first bytes of a document say about it, before any parsing.
struct Sniffer {
    /// Nothing but white space (or nothing at all).
    var isBlank = true
    /// Starts (after the BOM, declarations and comments) with an HTML doctype or `<html>`.
    var isHTML = false
    /// `<html` or `<body` appears near the start (for documents XML could not read).
    var mentionsHTML = false
    /// There is a BOM or an `encoding=` in the XML declaration.
    var declaresEncoding = false
    var declaredEncoding: String?
    /// Declared ISO-8859-1/Windows-1252 but the bytes are UTF-8 (a common mislabelling).
    var mislabelledAsLatin = false

    init(_ bytes: UnsafeRawBufferPointer) {
        let headLength = min(bytes.count, 1024)
        var head = [UInt8](bytes[0..<headLength])
        var i = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            i = 3
            declaresEncoding = true
            declaredEncoding = "UTF-8"
        } else if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) {
            declaresEncoding = true
            declaredEncoding = "UTF-16"
            isBlank = bytes.count <= 2
            return
        }
        isBlank = !bytes.contains { !isASCIISpace($0) } || bytes.count == i
        for k in head.indices { head[k] = head[k] >= 0x41 && head[k] <= 0x5A ? head[k] | 0x20 : head[k] }
        let text = String(decoding: head, as: UTF8.self)
        if let range = text.range(of: "encoding=") {
            let after = text[range.upperBound...].dropFirst()
            let name = after.prefix { $0 != "\"" && $0 != "'" && $0 != "?" && $0 != " " }
            if !name.isEmpty {
                declaresEncoding = true
                declaredEncoding = String(name)
            }
        }
        mentionsHTML = text.contains("<html") || text.contains("<body")
        // Skip the XML declaration, comments and processing instructions, then look at the first tag.
        var rest = Substring(text.dropFirst(i))
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("<?") {
                guard let end = rest.range(of: "?>") else { break }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { break }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        isHTML = rest.hasPrefix("<!doctype html") || rest.hasPrefix("<html")
        if let declared = declaredEncoding,
            ["iso-8859-1", "iso-8859-15", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii"].contains(declared)
        {
            mislabelledAsLatin = Sniffer.isMultibyteUTF8(bytes)
        }
    }

    /// Whether the bytes hold at least one multi-byte UTF-8 sequence and no invalid one.
    static func isMultibyteUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sawMultibyte = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            if b & 0xE0 == 0xC0 && b >= 0xC2 { length = 2 } else if b & 0xF0 == 0xE0 { length = 3 } else if b & 0xF8 == 0xF0 && b <= 0xF4 { length = 4 } else { return false }
            guard i + length <= n else { return false }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            sawMultibyte = true
            i += length
        }
        return sawMultibyte
    }
}
