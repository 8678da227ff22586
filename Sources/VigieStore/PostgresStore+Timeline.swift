import Foundation
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// Mentions per brand and bucket of `timeZone` (see ``VigieDatabase/timeline(_:bucket:timeZone:)``): the
    /// stored quarter hours (`mention_slot`) of the filter's whole quarter hours, and those it cuts counted
    /// from the mentions, folded into buckets by ``TimelineFold``, the arithmetic of SQLite's hour timelines.
    /// A filter the slots cannot answer (source, label, text, read state) counts every quarter hour from the
    /// mentions. Days and weeks fold their quarter hours too: PostgreSQL keeps no day totals yet.
    public func timeline(
        _ filter: MentionFilter, bucket: TimelineBucket.Width, timeZone: TimeZone
    ) async throws -> [TimelineBucket] {
        let logger = self.logger
        return try await reading("computing a timeline") { connection in
            var names: [Int64: String] = [:]
            for try await (id, name) in try await connection.query("SELECT id, name FROM brand", logger: logger)
                .decode((Int64, String).self)
            {
                names[id] = name
            }
            let brandIDs =
                try await Self.brandIDs(filter, connection, logger: logger, listingEveryBrand: true) ?? []
            func slots(_ query: String, _ sql: SQLText, _ body: (SlotTotals) -> Void) async throws {
                for try await (brandID, slot, mentions, negative, positive, nanos) in try await connection.query(
                    sql.query(query), logger: logger
                ).decode((Int64, Int64, Int, Int, Int, Int64).self) {
                    body(
                        SlotTotals(
                            brandID: brandID, slot: slot,
                            tally: Tally(mentions: mentions, negative: negative, positive: positive, scoreNanos: nanos))
                    )
                }
            }
            func counted(_ filter: MentionFilter) async throws -> [SlotTotals] {
                var sql = SQLText(.postgres)
                var totals: [SlotTotals] = []
                try await slots(SlotTotals.countedQuery(filter, brandIDs: brandIDs, into: &sql), sql) {
                    totals.append($0)
                }
                return totals
            }

            var sql = SQLText(.postgres)
            let (query, parts) = SlotTotals.timelineQuery(filter, brandIDs: brandIDs, into: &sql)
            var cut: [SlotTotals] = []
            for part in parts { cut += try await counted(part) }
            var fold = TimelineFold(BucketCalendar(width: bucket, timeZone: timeZone), names: names, cut: cut)
            try await slots(query, sql) { fold.add($0) }
            return fold.finish()
        }
    }
}
