import Foundation
import GRDB
import VigieCore

/// The orders mentions are read in.
enum MentionOrder: String {
    /// Listings: newest first.
    case newestFirst = "m.time DESC, m.id DESC"
    /// Exports and replays: oldest first.
    case time = "m.time, m.id"
    /// The order the mentions were stored in (the order the watcher handed them to the detector).
    case stored = "m.id"

    /// The order of ``MentionFilter``'s streams.
    init(streaming filter: MentionFilter) {
        self = filter.inStoredOrder ? .stored : .time
    }
}

/// The one reader of mention rows: every query that lists mentions selects ``selection`` from the
/// joined `mention m`, `entry e`, `brand b` and `source s`, and GRDB decodes each row here.
///
/// Columns are read by position, in the order ``selection`` names them right here: exports read
/// millions of rows, and a lookup by name costs a scan of the row's columns each time.
extension MentionRow: FetchableRecord {
    /// The columns a ``MentionRow`` is read from, in the order `init(row:)` reads them.
    static let selection = """
        m.id, m.entry_id, m.time, e.first_seen_at, b.name, s.url, s.name, e.title, e.link, m.language,
        m.score, m.label, m.positive, m.negative, m.neutral, m.matched_terms, m.top_terms, e.text, e.carriers, e.recovered,
        m.scorer_label, m.read
        """

    /// The joins that ``selection`` needs, over a subquery or table aliased `m`.
    static let joins = """
        JOIN brand b ON b.id = m.brand_id
        JOIN entry e ON e.id = m.entry_id
        JOIN source s ON s.id = e.source_id
        """

    /// The mentions of `mention m` that pass `condition`, in `order`, at most `limit` from `offset`: sorted and
    /// limited on the narrow mention rows first, then joined to what a row shows. The listing and export
    /// query of both stores.
    ///
    /// - Parameter index: SQLite's `INDEXED BY` hint, if any.
    static func query(
        where condition: String, order: MentionOrder, limit: Int?, offset: Int? = nil, index: String? = nil
    ) -> String {
        var inner = "SELECT * FROM mention m" + (index.map { " INDEXED BY \($0)" } ?? "")
        inner += " \(condition) ORDER BY \(order.rawValue)"
        if let limit { inner += " LIMIT \(max(0, limit))" + (offset.map { " OFFSET \(max(0, $0))" } ?? "") }
        return "SELECT \(selection) FROM (\(inner)) m \(joins) ORDER BY \(order.rawValue)"
    }

    public init(row: Row) {
        self.init(
            id: row[0], entryID: row[1], time: Epoch.date(row[2] as Int64), firstSeenAt: Epoch.date(row[3] as Int64),
            brand: row[4], sourceURL: row[5], sourceName: row[6], title: row[7], link: row[8],
            language: Language(rawValue: row[9] as String) ?? .english, score: row[10],
            label: Sentiment.Label(rawValue: row[11] as String) ?? .neutral, positive: row[12], negative: row[13],
            neutral: row[14], matchedTerms: TermList.decode(row[15]), topTerms: TermList.decode(row[16]),
            text: row[17], carriers: row[18], recovered: row[19],
            scorerLabel: (row[20] as String?).flatMap(Sentiment.Label.init(rawValue:)), read: row[21])
    }
}
