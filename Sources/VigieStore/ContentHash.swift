import Foundation

/// A 64-bit fingerprint of an entry's normalised title and text, used to
/// recognise the same story published by several feeds under different links.
///
/// Normalisation folds case and accents, keeps letters and digits, and turns
/// every other run of characters into one space, so markup leftovers,
/// punctuation and spacing do not matter. The hash is FNV-1a over the UTF-8
/// of the normalised text.
public struct ContentHash: Sendable, Hashable {
    /// The fingerprint, as stored (an SQLite integer).
    public var value: Int64
    /// How many characters the normalised text has: short texts ("Breaking
    /// news") are too common to identify a story across sources.
    public var normalisedLength: Int

    /// The normalised text must have at least this many characters before two
    /// sources' entries are taken for the same story on content alone.
    public static let minimumLengthAcrossSources = 24

    /// The fingerprint of `title` and `text`, or `nil` when nothing is left after normalisation.
    public init?(title: String?, text: String) {
        var state = State()
        if let title { state.add(title) }
        state.pendingSpace = true
        state.add(text)
        if state.length == 0 { return nil }
        self.value = Int64(bitPattern: state.hash)
        self.normalisedLength = state.length
    }

    /// The running normalisation and hash. ASCII, the common case, is handled
    /// byte by byte; other characters go through Foundation's folding (cached
    /// for Latin letters), and combining marks are dropped, so decomposed and
    /// precomposed accents give the same fingerprint.
    private struct State {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        var pendingSpace = false

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
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: continue
                default: break
                }
                let folded =
                    (0xA0...0x24F).contains(value)
                    ? ContentHash.latinFolding[Int(value - 0xA0)] : ContentHash.fold(scalar)
                for piece in folded.unicodeScalars {
                    if piece.properties.isAlphabetic || piece.properties.numericType != nil {
                        UTF8.encode(piece) { emit($0, continuing: true) }
                        pendingSpace = false
                    } else if !isMark(piece) {
                        pendingSpace = true
                    }
                }
            }
        }

        private func isMark(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }

        /// Adds one byte of a letter or digit, preceded by a space when a separator came before.
        private mutating func emit(_ byte: UInt8, continuing: Bool = false) {
            if pendingSpace && length > 0 {
                hash = (hash ^ 0x20) &* 0x0000_0100_0000_01b3
                length += 1
            }
            pendingSpace = false
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            // A multi-byte character counts once: only its first byte adds to the length.
            if !continuing || byte & 0xC0 != 0x80 { length += 1 }
        }
    }

    private static func fold(_ scalar: Unicode.Scalar) -> String {
        String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Folded forms of U+00A0…U+024F (Latin-1 Supplement, Latin Extended-A and -B).
    private static let latinFolding: [String] = (0xA0...0x24F).map { value in
        Unicode.Scalar(UInt32(value)).map(fold) ?? ""
    }

    /// `true` when the text is long enough to identify a story across sources.
    public var identifiesAcrossSources: Bool { normalisedLength >= Self.minimumLengthAcrossSources }
}
