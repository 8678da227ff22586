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
    /// The first thing after the BOM and white space is `{`: JSON, not markup.
    var isJSON = false
    /// The first thing after the BOM and white space is `<`.
    var startsWithMarkup = false
    /// One of the first four bytes is zero: UTF-16 or UCS-4 without a BOM.
    var startsWithZeroByte = false

    init(_ bytes: UnsafeRawBufferPointer) {
        let headLength = min(bytes.count, 1024)
        var head = [UInt8](bytes[0..<headLength])
        startsWithZeroByte = head.prefix(4).contains(0)
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
        var first = i
        while first < head.count, isASCIISpace(head[first]) { first += 1 }
        isJSON = first < head.count && head[first] == UInt8(ascii: "{")
        startsWithMarkup = first < head.count && head[first] == UInt8(ascii: "<")
        // A BOM outranks the declaration.
        if i == 0, let declared = Sniffer.declaredEncoding(in: head, from: first) {
            declaresEncoding = true
            declaredEncoding = declared
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
    }

    /// The `encoding` of an XML declaration at `start` of the (lower-cased)
    /// head, spaces around `=` allowed, as XML allows them.
    private static func declaredEncoding(in head: [UInt8], from start: Int) -> String? {
        guard head[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let end = find(Array("?>".utf8), in: head, from: start) ?? head.count
        guard let at = find(Array("encoding".utf8), in: Array(head[..<end]), from: start) else { return nil }
        var i = at + 8
        while i < end, isASCIISpace(head[i]) { i += 1 }
        guard i < end, head[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < end, isASCIISpace(head[i]) { i += 1 }
        guard i < end, head[i] == UInt8(ascii: "\"") || head[i] == UInt8(ascii: "'") else { return nil }
        let quote = head[i]
        let valueStart = i + 1
        var valueEnd = valueStart
        while valueEnd < end, head[valueEnd] != quote { valueEnd += 1 }
        guard valueEnd > valueStart else { return nil }
        return String(decoding: head[valueStart..<valueEnd], as: UTF8.self).trimmingASCIISpaces
    }

    /// Neither a BOM nor the XML declaration names an encoding other than UTF-8
    /// (and the document does not start like UTF-16 or UCS-4 without a BOM).
    var declaresUTF8OrNothing: Bool {
        guard let declared = declaredEncoding else { return !startsWithZeroByte }
        return declared.lowercased() == "utf-8" || declared.lowercased() == "utf8"
    }

    /// The declaration names ISO-8859-1, Windows-1252 or ASCII: documents
    /// that are often UTF-8 in fact, sometimes with a few stray bytes.
    var declaresLatin: Bool {
        guard let declared = declaredEncoding else { return false }
        return Sniffer.latinNames.contains(declared)
    }

    /// The declaration names a single-byte encoding other than UTF-8/16/32
    /// (a document in one of those with valid multi-byte UTF-8 in it is UTF-8).
    var declaresOtherThanUnicode: Bool {
        guard let declared = declaredEncoding else { return false }
        return !declared.hasPrefix("utf") && !declared.hasPrefix("ucs") && !declared.hasPrefix("unicode")
    }

    private static let latinNames: Set<String> = [
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-8859-15", "iso8859-15", "latin1", "latin-1", "l1",
        "windows-1252", "cp1252", "x-cp1252", "us-ascii", "ascii",
    ]

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
}
