import Foundation

/// The encoding a page is read in, decided before libxml2 reads a byte, the
/// way browsers decide it: a BOM, else the HTTP charset, else a `<meta
/// charset>` or `<meta http-equiv="Content-Type">` anywhere in the head
/// (libxml2 alone switches only when it meets the `<meta>`, so a `<title>`
/// before it is read in the wrong encoding), else UTF-8 when the bytes are
/// UTF-8 and Windows-1252 when they are not.
///
/// A single-byte declaration (ISO-8859-1, Windows-1252, ASCII) over bytes
/// that are valid UTF-8 with multi-byte characters is UTF-8: the page was
/// saved as UTF-8 under a template that says otherwise. ISO-8859-1 and ASCII
/// are read as Windows-1252, as browsers do.
enum PageCharset {
    /// How far into the page a `<meta>` declaration is looked for when there is no `</head>` sooner.
    static let headLimit = 65_536

    /// The encoding name to hand libxml2.
    static func decide(_ bytes: UnsafeRawBufferPointer, http: String?) -> String {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return "UTF-8" }
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            return "UTF-16"
        }
        let declared = http.flatMap(normalised) ?? metaCharset(bytes).flatMap(normalised)
        if let declared, declared != "windows-1252" {
            return declared
        }
        let census = UTF8Census(bytes)
        if census.invalid == 0 { return "UTF-8" }
        return declared ?? "windows-1252"
    }

    /// A charset name as libxml2 (iconv) knows it; single-byte Western names become Windows-1252.
    static func normalised(_ name: String) -> String? {
        let trimmed = name.trimmingASCIISpaces.lowercased().trimmingCharacters(in: ["\"", "'"])
        guard !trimmed.isEmpty, trimmed.count < 40,
            trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else { return nil }
        switch trimmed {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
            "windows-1252", "x-cp1252", "iso-8859-15", "iso8859-15":
            return "windows-1252"
        case "utf-16", "utf-16le", "utf-16be": return "UTF-8"  // a page that reached us as bytes with no BOM
        default: return trimmed
        }
    }

    /// The charset a `<meta>` in the head declares, if any.
    static func metaCharset(_ bytes: UnsafeRawBufferPointer) -> String? {
        let end = min(bytes.count, headLimit)
        var i = 0
        while i + 5 < end {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            // `</head>` or `<body`: the head is over.
            if lower(bytes, i + 1, "/head") || lower(bytes, i + 1, "body") { return nil }
            if lower(bytes, i + 1, "meta"), i + 5 < end, isSpace(bytes[i + 5]) {
                var close = i + 5
                while close < end, bytes[close] != UInt8(ascii: ">") { close += 1 }
                let tag = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(i + 5)..<close]), as: UTF8.self)
                    .lowercased()
                if let charset = charset(inMeta: tag) { return charset }
                i = close
                continue
            }
            i += 1
        }
        return nil
    }

    /// `charset=…` in a `<meta>` tag's attributes (`charset="x"` or `content="text/html; charset=x"`).
    private static func charset(inMeta tag: String) -> String? {
        guard let range = tag.range(of: "charset") else { return nil }
        var rest = tag[range.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
        let value = rest.prefix { !(" \"';/>".contains($0)) }
        return value.isEmpty ? nil : String(value)
    }

    private static func lower(_ bytes: UnsafeRawBufferPointer, _ at: Int, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { expected in
            guard at + expected.count <= bytes.count else { return false }
            for k in 0..<expected.count where bytes[at + k] | 0x20 != expected[k] | 0x20 { return false }
            return true
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == UInt8(ascii: "/")
    }
}
