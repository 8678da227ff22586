import Foundation

/// A text folded the way stories are compared across sources: case and
/// accents folded, letters and digits kept, every other run of characters
/// one space, no space at either end ("Panne chez Ardoise-Télécom !" →
/// `panne chez ardoise telecom`).
///
/// ASCII, the common case, is handled byte by byte; other characters go
/// through Foundation's folding (cached for Latin letters), and combining marks
/// are dropped, so decomposed and precomposed accents fold alike. Both story
/// identifiers are read from it: ``ContentHash`` (exact copies) and
/// ``StoryFingerprint`` (rewritten copies).
struct FoldedText {
    /// The folded UTF-8 bytes.
    private(set) var bytes: [UInt8] = []
    /// How many characters the folded text has (a multi-byte character counts once).
    private(set) var length = 0
    private var pendingSpace = false

    init() {}

    /// `title` then `text`, as one folded text with a space between them.
    init(title: String?, text: String) {
        if let title { add(title) }
        pendingSpace = true
        add(text)
    }

    mutating func add(_ text: String) {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7A: emit(UInt8(value))
                case 0x41...0x5A: emit(UInt8(value + 0x20))
                default: pendingSpace = true
                }
                continue
            }
            if Self.isMark(scalar) { continue }
            let folded =
                (0xA0...0x24F).contains(value) ? Self.latinFolding[Int(value - 0xA0)] : Self.fold(scalar)
            for piece in folded.unicodeScalars {
                if piece.properties.isAlphabetic || piece.properties.numericType != nil {
                    UTF8.encode(piece) { emit($0, continuing: true) }
                    pendingSpace = false
                } else if !Self.isMark(piece) {
                    pendingSpace = true
                }
            }
        }
    }

    /// Adds one byte of a letter or digit, preceded by a space when a separator came before.
    private mutating func emit(_ byte: UInt8, continuing: Bool = false) {
        if pendingSpace && !bytes.isEmpty {
            bytes.append(0x20)
            length += 1
        }
        pendingSpace = false
        bytes.append(byte)
        // A multi-byte character counts once: only its first byte adds to the length.
        if !continuing || byte & 0xC0 != 0x80 { length += 1 }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func fold(_ scalar: Unicode.Scalar) -> String {
        String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Folded forms of U+00A0…U+024F (Latin-1 Supplement, Latin Extended-A and -B).
    private static let latinFolding: [String] = (0xA0...0x24F).map { value in
        Unicode.Scalar(UInt32(value)).map(fold) ?? ""
    }
}
