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
        let source = (title ?? "") + " " + text
        let folded = source.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && length > 0 {
                    hash = (hash ^ 0x20) &* 0x0000_0100_0000_01b3
                    length += 1
                }
                pendingSpace = false
                UTF8.encode(scalar) { byte in
                    hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                }
                length += 1
            } else {
                pendingSpace = true
            }
        }
        if length == 0 { return nil }
        self.value = Int64(bitPattern: hash)
        self.normalisedLength = length
    }

    /// `true` when the text is long enough to identify a story across sources.
    public var identifiesAcrossSources: Bool { normalisedLength >= Self.minimumLengthAcrossSources }
}
