/// What ``VigieDatabase/record(_:)`` did with one fetch's entries.
///
/// `newEntries + duplicatesWithinSource + duplicatesAcrossSources + emptyEntries + expiredEntries`
/// equals the number of entries in the fetch.
public struct FetchSummary: Sendable, Hashable {
    /// Entries stored for the first time.
    public var newEntries: Int
    /// Entries this source had already given (same guid, link or content).
    public var duplicatesWithinSource: Int
    /// Entries already stored from another source (same canonical link or same
    /// normalised title and text): the source is remembered as a carrier, nothing else is stored.
    public var duplicatesAcrossSources: Int
    /// Entries with no guid, no link, no title and no text: nothing to store.
    public var emptyEntries: Int
    /// New entries older than the store's retention horizon (a feed still listing stories that retention
    /// purged): not stored again, since their quarter hours already counted them.
    public var expiredEntries: Int
    /// The ids of the mentions stored (those of new entries), in the order they were stored: what the
    /// pipeline hands the detector.
    public var mentionIDs: [Int64]

    /// How many mentions were stored.
    public var mentionsStored: Int { mentionIDs.count }

    /// A summary with the given counts (zero by default).
    public init(
        newEntries: Int = 0, duplicatesWithinSource: Int = 0, duplicatesAcrossSources: Int = 0, emptyEntries: Int = 0,
        expiredEntries: Int = 0, mentionIDs: [Int64] = []
    ) {
        self.newEntries = newEntries
        self.duplicatesWithinSource = duplicatesWithinSource
        self.duplicatesAcrossSources = duplicatesAcrossSources
        self.emptyEntries = emptyEntries
        self.expiredEntries = expiredEntries
        self.mentionIDs = mentionIDs
    }
}
