import Foundation

/// A 64-bit fingerprint of an entry's normalised title and text, used to
/// recognise the same story published by several feeds under different links.
///
/// The text is folded (``FoldedText``: case and accents folded, letters and
/// digits kept, every other run of characters one space), so markup leftovers,
/// punctuation and spacing do not matter. The hash is FNV-1a over the UTF-8
/// of the folded text.
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
        self.init(FoldedText(title: title, text: text))
    }

    /// The fingerprint of an already folded text, or `nil` when it is empty.
    init?(_ folded: FoldedText) {
        guard folded.length > 0 else { return nil }
        self.value = Int64(bitPattern: FNV1a.hash(folded.bytes))
        self.normalisedLength = folded.length
    }

    /// `true` when the text is long enough to identify a story across sources.
    public var identifiesAcrossSources: Bool { normalisedLength >= Self.minimumLengthAcrossSources }
}
