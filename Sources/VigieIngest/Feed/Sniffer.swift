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
        if let at = Sniffer.find(Array("encoding=".utf8), in: head, from: 0), at + 10 < head.count {
            var end = at + 10
            while end < head.count,
                ![UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "?"), 0x20].contains(head[end])
            {
                end += 1
            }
            if end > at + 10 {
                declaresEncoding = true
                declaredEncoding = String(decoding: head[(at + 10)..<end], as: UTF8.self)
            }
        }
        mentionsHTML =
            Sniffer.find(Array("<html".utf8), in: head, from: 0) != nil
            || Sniffer.find(Array("<body".utf8), in: head, from: 0) != nil
        // Skip the XML declaration, comments and processing instructions, then look at the first tag.
        while i < head.count {
            while i < head.count, isASCIISpace(head[i]) { i += 1 }
            if head[i...].starts(with: Array("<?".utf8)) {
                guard let end = Sniffer.find(Array("?>".utf8), in: head, from: i) else { break }
                i = end + 2
            } else if head[i...].starts(with: Array("<!--".utf8)) {
                guard let end = Sniffer.find(Array("-->".utf8), in: head, from: i) else { break }
                i = end + 3
            } else {
                break
            }
        }
        isHTML =
            i < head.count
            && (head[i...].starts(with: Array("<!doctype html".utf8)) || head[i...].starts(with: Array("<html".utf8)))
        if let declared = declaredEncoding,
            ["iso-8859-1", "iso-8859-15", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii"].contains(declared)
        {
            mislabelledAsLatin = Sniffer.isMultibyteUTF8(bytes)
        }
    }

    /// The index of the first occurrence of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
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
            if b & 0xE0 == 0xC0 && b >= 0xC2 {
                length = 2
            } else if b & 0xF0 == 0xE0 {
                length = 3
            } else if b & 0xF8 == 0xF0 && b <= 0xF4 {
                length = 4
            } else {
                return false
            }
            guard i + length <= n else { return false }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            sawMultibyte = true
            i += length
        }
        return sawMultibyte
    }
}
