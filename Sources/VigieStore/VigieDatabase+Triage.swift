import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// The mention with this id, or `nil`.
    public func mention(id: Int64) throws -> MentionRow? {
        try mentions(MentionFilter(ids: [id])).first
    }

    /// How many mentions pass `filter` (its `limit` and `offset` are ignored): the `total` of a page.
    ///
    /// Filters by brand, time and language are answered from the quarter-hour totals timelines read (a
    /// year of ten brands is a few hundred thousand of them, whatever the number of mentions); the others
    /// count the mentions.
    ///
    /// - Parameter cap: count at most this many (a badge that says "10000+" need not read a million rows).
    public func mentionTotal(_ filter: MentionFilter, cap: Int? = nil) throws -> Int {
        try read("counting mentions") { db in
            if let count = try Self.slotCount(db, filter) ?? Self.unreadCount(db, filter) {
                return cap.map { min($0, count) } ?? count
            }
            if let cap {
                let (condition, arguments) = try filter.whereClause(db, listingEveryBrand: filter.brands.isEmpty)
                return try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT 1 FROM mention m \(condition) LIMIT \(max(0, cap)))",
                    arguments: arguments) ?? 0
            }
            let (condition, arguments) = try filter.whereClause(db, listingEveryBrand: filter.brands.isEmpty)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM mention m \(condition)", arguments: arguments) ?? 0
        }
    }

    /// The unread mentions of the filter's brands from the counters `unread_count` keeps, when the filter
    /// asks for nothing else; else `nil`.
    static func unreadCount(_ db: Database, _ filter: MentionFilter) throws -> Int? {
        guard filter.answeredByUnreadCounts else { return nil }
        let brands =
            filter.brands.isEmpty ? "1" : MentionFilter.brandCondition(try filter.brandIDs(db), column: "brand_id")
        return try Int.fetchOne(db, sql: "SELECT coalesce(sum(unread), 0) FROM unread_count WHERE \(brands)") ?? 0
    }

    /// Sets a mention's label by hand, or gives it back its scorer's label (`label: nil`), and returns it.
    ///
    /// The scorer's label is kept beside the manual one (``MentionRow/scorerLabel``); timelines, exports and
    /// listings use the manual one from then on (the `mention_slot` triggers move the counts in the same
    /// transaction).
    /// - Throws: ``StoreError`` with code `.notFound` when there is no such mention.
    @discardableResult
    public func relabel(mentionID: Int64, to label: Sentiment.Label?) throws -> MentionRow {
        let operation = "relabelling a mention"
        try write(operation, subject: "mention \(mentionID)") { db in
            if let label {
                try db.execute(
                    sql: """
                        UPDATE mention SET scorer_label = coalesce(scorer_label, label), label = ? WHERE id = ?
                        """,
                    arguments: [label.rawValue, mentionID])
            } else {
                try db.execute(
                    sql: "UPDATE mention SET label = coalesce(scorer_label, label), scorer_label = NULL WHERE id = ?",
                    arguments: [mentionID])
            }
            if db.changesCount == 0 { throw Self.noSuchMention(mentionID, operation) }
        }
        return try existingMention(mentionID, operation)
    }

    /// Marks one mention read or unread, and returns it.
    /// - Throws: ``StoreError`` with code `.notFound` when there is no such mention.
    @discardableResult
    public func setRead(mentionID: Int64, _ read: Bool) throws -> MentionRow {
        let operation = "marking a mention \(read ? "read" : "unread")"
        try write(operation, subject: "mention \(mentionID)") { db in
            try db.execute(sql: "UPDATE mention SET read = ? WHERE id = ?", arguments: [read, mentionID])
            if db.changesCount == 0 { throw Self.noSuchMention(mentionID, operation) }
        }
        return try existingMention(mentionID, operation)
    }

    /// "Mark all read up to here": marks read every unread mention of `brands` (every brand when empty) whose
    /// time is `until` or earlier, and returns how many it marked.
    @discardableResult
    public func markRead(brands: [String], until: Date) throws -> Int {
        try write("marking mentions read") { db in
            let filter = MentionFilter(brands: brands)
            let ids = try filter.brandIDs(db)
            try db.execute(
                sql: """
                    UPDATE mention SET read = 1
                    WHERE read = 0 AND \(MentionFilter.brandCondition(ids, column: "brand_id")) AND time <= ?
                    """,
                arguments: [Int64(until.timeIntervalSince1970.rounded(.down))])
            return db.changesCount
        }
    }

    /// What `filter`'s newest mentions (at most `sample` of them) are about, read in one pass (``SampleTally``):
    /// the terms that weighed most in their scores, with how many of those mentions each appears in, and the
    /// sources that carried most of them, with their counts; most first, ties by name.
    public func sampleSummary(
        _ filter: MentionFilter, sample: Int = 2_000, terms termLimit: Int = 20, sources sourceLimit: Int = 10
    ) throws -> (terms: [(term: String, count: Int)], sources: [(url: String, name: String, count: Int)]) {
        try read("summarising mentions") { db in
            let (condition, arguments) = try filter.whereClause(db)
            var tally = SampleTally()
            let rows = try Row.fetchCursor(
                db, sql: SampleTally.query(condition: condition, sample: sample), arguments: arguments)
            while let row = try rows.next() { tally.add(topTerms: row[0], url: row[1], name: row[2]) }
            return tally.summary(terms: termLimit, sources: sourceLimit)
        }
    }

    /// The terms of ``sampleSummary(_:sample:terms:sources:)``.
    public func topTerms(_ filter: MentionFilter, sample: Int = 2_000, limit: Int = 20) throws -> [(
        term: String, count: Int
    )] {
        try sampleSummary(filter, sample: sample, terms: limit, sources: 0).terms
    }

    private func existingMention(_ id: Int64, _ operation: String) throws -> MentionRow {
        guard let row = try mention(id: id) else { throw Self.noSuchMention(id, operation) }
        return row
    }

    private static func noSuchMention(_ id: Int64, _ operation: String) -> StoreError {
        StoreError(.notFound, operation: operation, subject: "mention \(id)", reason: "no such mention")
    }
}
