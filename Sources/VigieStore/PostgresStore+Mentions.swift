import Foundation
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// The mentions with these ids, in the order they were stored.
    public func mentions(ids: [Int64]) async throws -> [MentionRow] {
        guard !ids.isEmpty else { return [] }
        let logger = self.logger
        return try await reading("reading mentions") { connection in
            try await connection.query(
                """
                SELECT \(unescaped: MentionRow.selection) FROM mention m \(unescaped: MentionRow.joins)
                WHERE m.id = ANY(\(ids)::bigint[]) ORDER BY m.id
                """, logger: logger
            ).collect().map(MentionRow.init(postgres:))
        }
    }

    public func mentionCounts() async throws -> [MentionCount] {
        let logger = self.logger
        return try await reading("counting mentions") { connection in
            var counts: [MentionCount] = []
            for try await (brand, total, negative, neutral, positive) in try await connection.query(
                """
                SELECT b.name, count(*), count(*) FILTER (WHERE m.label = 'negative'),
                    count(*) FILTER (WHERE m.label = 'neutral'), count(*) FILTER (WHERE m.label = 'positive')
                FROM mention m JOIN brand b ON b.id = m.brand_id GROUP BY b.name ORDER BY b.name
                """, logger: logger
            ).decode((String, Int, Int, Int, Int).self) {
                counts.append(
                    MentionCount(brand: brand, total: total, negative: negative, neutral: neutral, positive: positive))
            }
            return counts
        }
    }
}

extension MentionRow {
    /// A row of ``selection`` as PostgreSQL returns it (the same columns as SQLite's, by position).
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        self.init(
            id: try r[0].decode(Int64.self), entryID: try r[1].decode(Int64.self),
            time: Epoch.date(try r[2].decode(Int64.self)), firstSeenAt: Epoch.date(try r[3].decode(Int64.self)),
            brand: try r[4].decode(String.self), sourceURL: try r[5].decode(String.self),
            sourceName: try r[6].decode(String.self), title: try r[7].decode(String?.self),
            link: try r[8].decode(String?.self),
            language: Language(rawValue: try r[9].decode(String.self)) ?? .english,
            score: try r[10].decode(Double.self),
            label: Sentiment.Label(rawValue: try r[11].decode(String.self)) ?? .neutral,
            positive: try r[12].decode(Double.self), negative: try r[13].decode(Double.self),
            neutral: try r[14].decode(Double.self), matchedTerms: TermList.decode(try r[15].decode(String.self)),
            topTerms: TermList.decode(try r[16].decode(String.self)), text: try r[17].decode(String.self),
            carriers: try r[18].decode(Int.self), recovered: try r[19].decode(Bool.self),
            scorerLabel: try r[20].decode(String?.self).flatMap(Sentiment.Label.init(rawValue:)),
            read: try r[21].decode(Bool.self))
    }
}
