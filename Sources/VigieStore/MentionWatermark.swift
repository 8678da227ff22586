/// How far the detector has read the stored mentions (``AlertStore/mentionsForDetector(after:since:)``).
///
/// On SQLite, the newest mention id read (one writer: ids are committed in order). On PostgreSQL, the `xmin` of
/// the snapshot read (every transaction with a lower id had ended, so a mention written by one of them was
/// read) and the transactions at or above it whose mentions were read too (they had committed): mentions
/// written later carry a transaction id at or above `xmin` and not among those. Ids from a sequence commit out
/// of order; transaction ids read this way do not skip any.
public struct MentionWatermark: Sendable, Hashable {
    /// The id (SQLite) or transaction id (PostgreSQL) below which every mention was read.
    public var value: Int64
    /// PostgreSQL: the transactions at or above ``value`` whose mentions were read already.
    public var seen: Set<Int64>

    /// A watermark as a store hands it out.
    public init(_ value: Int64, seen: Set<Int64> = []) {
        self.value = value
        self.seen = seen
    }
}
