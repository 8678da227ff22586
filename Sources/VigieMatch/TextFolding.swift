import Foundation

/// Case and accent folding, the same for entry texts and for query terms.
///
/// Folding is Unicode-correct for the scripts Vigie reads: letters are
/// decomposed (NFKD), their combining marks dropped and the rest lowercased,
/// so `É`, `é` and `e` fold alike, `ﬁ` folds to `fi` and full-width letters to
/// ASCII. Letters that Unicode does not decompose are spelled out the way a
/// French or English reader expects: `œ` → `oe`, `æ` → `ae`, `ß` → `ss`,
/// `ø` → `o`, `ł` → `l`, `đ` → `d`. Every apostrophe-like mark (`’`, `‘`, `ʼ`,
/// `´`, `` ` ``) folds to `'`.
///
/// Folding is a per-scalar table lookup for the Latin, Greek and Cyrillic
/// blocks and the general punctuation block, built once; other scalars are
/// folded on the fly.
public enum TextFolding {
    /// Folds `text`: lowercase, without accents, ligatures spelled out.
    ///
    /// ```swift
    /// TextFolding.fold("Œuvre d’Élise")  // "oeuvre d'elise"
    /// ```
    public static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            forEachFolded(scalar) { appendUTF8($0, to: &bytes) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with each scalar of the folding of `scalar`, in order.
    @inline(__always)
    static func forEachFolded(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                body(Unicode.Scalar(UInt8(value + 0x20)))
            } else if value == 0x60 {
                body("'")
            } else {
                body(scalar)
            }
            return
        }
        if let index = tableIndex(value) {
            for folded in table[index] { body(folded) }
        } else {
            for folded in foldSlowly(scalar) { body(folded) }
        }
    }

    /// Appends the UTF-8 encoding of `scalar`.
    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The ranges folded through the table, with their offset in it.
    private static let ranges: [(lower: UInt32, upper: UInt32, offset: Int)] = {
        let bounds: [(UInt32, UInt32)] = [(0x80, 0x530), (0x1E00, 0x2070), (0xFB00, 0xFB07), (0xFF00, 0xFF60)]
        var offset = 0
        return bounds.map { lower, upper in
            defer { offset += Int(upper - lower) }
            return (lower, upper, offset)
        }
    }()

    @inline(__always)
    private static func tableIndex(_ value: UInt32) -> Int? {
        for range in ranges where value >= range.lower && value < range.upper {
            return range.offset + Int(value - range.lower)
        }
        return nil
    }

    private static let table: [[Unicode.Scalar]] = {
        var table: [[Unicode.Scalar]] = []
        for range in ranges {
            for value in range.lower..<range.upper {
                if let scalar = Unicode.Scalar(value) {
                    table.append(foldSlowly(scalar))
                } else {
                    table.append([])
                }
            }
        }
        return table
    }()

    /// Letters that have no Unicode decomposition, spelled out.
    private static let spelledOut: [Unicode.Scalar: String] = [
        "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ẞ": "ss",
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
        "þ": "th", "Þ": "th", "ı": "i", "ĸ": "k",
    ]

    /// Apostrophe-like marks, all folded to `'`.
    private static let apostrophes: Set<Unicode.Scalar> = [
        "\u{2019}", "\u{2018}", "\u{02BC}", "\u{00B4}", "\u{2032}", "\u{FF07}", "\u{02B9}", "\u{201B}",
    ]

    private static func foldSlowly(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if apostrophes.contains(scalar) { return ["'"] }
        if let spelled = spelledOut[scalar] { return Array(spelled.unicodeScalars) }
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping
        var kept: [Unicode.Scalar] = []
        for part in decomposed.unicodeScalars {
            if isMark(part) { continue }
            do {
                if let spelled = spelledOut[part] {
                    kept.append(contentsOf: spelled.unicodeScalars)
                } else if apostrophes.contains(part) {
                    kept.append("'")
                } else {
                    for lower in part.properties.lowercaseMapping.unicodeScalars where !isMark(lower) {
                        kept.append(lower)
                    }
                }
            }
        }
        return kept
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}
