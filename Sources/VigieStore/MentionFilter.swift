import Foundation
import GRDB
import VigieCore

/// Which mentions a read returns. Every field left `nil` (or empty) does not filter.
///
/// ```swift
/// var filter = MentionFilter(brands: ["Orange"], since: Date() - 86_400)
/// filter.label = .negative
/// let rows = try database.mentions(filter)
/// ```
public struct MentionFilter: Sendable, Hashable {
    /// Brand names, as in the configuration; empty means every brand.
    public var brands: [String]
    /// Mentions at or after this time.
    public var since: Date?
    /// Mentions strictly before this time.
    public var until: Date?
    /// Only mentions with this label.
    public var label: Sentiment.Label?
    /// Only entries this source carried (its URL), syndicated ones included.
    public var source: String?
    /// Only mentions scored in this language.
    public var language: Language?
    /// Only these mentions (by database id); empty means every mention.
    public var ids: [Int64]
    /// Only mentions whose entry's title or text contains this (ASCII letters case-insensitively).
    public var text: String?
    /// Only mentions no user has marked read.
    public var unreadOnly = false
    /// At most this many rows (`nil`: no limit).
    public var limit: Int?
    /// Skip this many rows first (paging through ``VigieDatabase/mentions(_:)``; needs ``limit``).
    public var offset: Int?
    /// The order of ``VigieDatabase/forEachMention(_:_:)``: by time (the default), or in the order the
    /// mentions were stored (by id: the order the watcher handed them to the detector).
    public var inStoredOrder = false

    /// A filter; every argument left out does not filter.
    public init(
        brands: [String] = [], since: Date? = nil, until: Date? = nil, label: Sentiment.Label? = nil,
        source: String? = nil, language: Language? = nil, ids: [Int64] = [], limit: Int? = nil
    ) {
        self.brands = brands
        self.since = since
        self.until = until
        self.label = label
        self.source = source
        self.language = language
        self.ids = ids
        self.limit = limit
    }

    /// The `WHERE` clause over `mention m` and its arguments, on SQLite. Brand names are
    /// resolved to ids first, so that SQLite sees `brand_id = ?` and walks the
    /// `(brand_id, time)` index in order.
    ///
    /// - Parameter listingEveryBrand: with no brand in the filter, name every
    ///   brand id anyway, so that a time range is one index seek per brand on
    ///   `(brand_id, time)` rather than a scan of the whole index.
    func whereClause(_ db: Database, listingEveryBrand: Bool = false) throws -> (
        sql: String, arguments: StatementArguments
    ) {
        var sql = SQLText(.sqlite)
        let brandIDs = !brands.isEmpty || listingEveryBrand ? try brandIDs(db) : nil
        let condition = whereClause(brandIDs: brandIDs, into: &sql)
        return (condition, sql.arguments)
    }

    /// The `WHERE` clause over `mention m` (empty when nothing filters), its arguments bound into `sql`: the
    /// one text of the filter, for both stores.
    ///
    /// - Parameter brandIDs: the ids of the filter's brands (``brandIDs(into:)``), or `nil` for no condition
    ///   on brands.
    func whereClause(brandIDs: [Int64]?, into sql: inout SQLText) -> String {
        var conditions: [String] = []
        if let brandIDs {
            conditions.append(Self.brandCondition(brandIDs, column: "m.brand_id"))
        }
        if !ids.isEmpty {
            // Integers only: written into the statement, so that a long list is not a long argument list.
            conditions.append("m.id IN (\(ids.map(String.init).joined(separator: ",")))")
        }
        if let since {
            conditions.append("m.time >= \(sql.bind(Epoch.seconds(since)))")
        }
        if let until {
            // `until` is exclusive: a fraction of a second past a whole second still includes that second.
            conditions.append("m.time < \(sql.bind(Int64(until.timeIntervalSince1970.rounded(.up))))")
        }
        if let label {
            conditions.append("m.label = \(sql.bind(label.rawValue))")
        }
        if let language {
            conditions.append("m.language = \(sql.bind(language.rawValue))")
        }
        if unreadOnly {
            conditions.append(sql.isFalse("m.read"))
        }
        if let text, !text.isEmpty {
            let pattern =
                "%"
                + text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            let like = sql.caseInsensitiveLike
            conditions.append(
                "EXISTS (SELECT 1 FROM entry t WHERE t.id = m.entry_id AND (t.title \(like) \(sql.bind(pattern)) ESCAPE '\\' OR t.text \(like) \(sql.bind(pattern)) ESCAPE '\\'))"
            )
        }
        if let source {
            conditions.append(
                "EXISTS (SELECT 1 FROM entry_source es JOIN source s ON s.id = es.source_id WHERE es.entry_id = m.entry_id AND s.url = \(sql.bind(source)))"
            )
        }
        return conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// The ids of the filter's brands (every stored brand when it names none), ascending, on SQLite.
    func brandIDs(_ db: Database) throws -> [Int64] {
        var sql = SQLText(.sqlite)
        return try Int64.fetchAll(db, sql: brandIDs(into: &sql), arguments: sql.arguments)
    }

    /// The query of the filter's brand ids (every stored brand when it names none), ascending.
    func brandIDs(into sql: inout SQLText) -> String {
        guard !brands.isEmpty else { return "SELECT id FROM brand ORDER BY id" }
        var names: [String] = []
        for brand in brands { names.append(sql.bind(brand)) }
        return "SELECT id FROM brand WHERE name IN (\(names.joined(separator: ","))) ORDER BY id"
    }

    /// Whether the per-quarter-hour and per-day totals can answer this filter: they know brands, times
    /// and languages, but neither sources, labels, texts nor read state.
    var answeredBySlots: Bool {
        source == nil && label == nil && (text?.isEmpty ?? true) && !unreadOnly
    }

    /// Whether the unread counters can answer this filter: unread mentions of some brands, whenever.
    var answeredByUnreadCounts: Bool {
        unreadOnly && since == nil && until == nil && label == nil && source == nil && language == nil
            && ids.isEmpty && (text?.isEmpty ?? true)
    }

    /// `column` restricted to `ids`, in the form SQLite turns into index seeks.
    static func brandCondition(_ ids: [Int64], column: String) -> String {
        switch ids.count {
        case 0: "1 = 0"
        case 1: "\(column) = \(ids[0])"
        default: "\(column) IN (\(ids.map(String.init).joined(separator: ",")))"
        }
    }
}
