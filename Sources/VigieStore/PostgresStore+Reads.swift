import Foundation
import PostgresNIO
import VigieCore

/// The listings and exports of ``ReadStore`` on PostgreSQL: the SQLite store's queries (``MentionFilter``'s one
/// `WHERE` text, ``MentionRow``'s one selection), bound in PostgreSQL's spelling.
extension PostgresStore: ReadStore {
    public func mentions(_ filter: MentionFilter) async throws -> [MentionRow] {
        let logger = self.logger
        return try await reading("listing mentions") { connection in
            let (condition, sql) = try await Self.whereClause(filter, connection, logger: logger)
            let query = MentionRow.query(
                where: condition, order: .newestFirst, limit: filter.limit, offset: filter.offset)
            return try await connection.query(sql.query(query), logger: logger).collect().map(
                MentionRow.init(postgres:))
        }
    }

    /// Counted from the mentions (PostgreSQL keeps no day totals or unread counters yet).
    public func mentionTotal(_ filter: MentionFilter, cap: Int?) async throws -> Int {
        let logger = self.logger
        return try await reading("counting mentions") { connection in
            let (condition, sql) = try await Self.whereClause(filter, connection, logger: logger)
            let counted =
                cap.map { "SELECT count(*) FROM (SELECT 1 FROM mention m \(condition) LIMIT \(max(0, $0))) AS capped" }
                ?? "SELECT count(*) FROM mention m \(condition)"
            return try await connection.query(sql.query(counted), logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    /// Streams the rows of one query (one snapshot), fetched as `body` takes them: constant memory.
    public func forEachMention(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) async throws {
        let logger = self.logger
        var bodyError: (any Error)?
        do {
            try await client.withConnection { connection in
                let (condition, sql) = try await Self.whereClause(filter, connection, logger: logger)
                let query = MentionRow.query(
                    where: condition, order: MentionOrder(streaming: filter), limit: filter.limit)
                for try await row in try await connection.query(sql.query(query), logger: logger) {
                    do {
                        try body(try MentionRow(postgres: row))
                    } catch {
                        bodyError = error
                        return
                    }
                }
            }
        } catch {
            throw Self.wrapping(error, operation: "streaming mentions", subject: nil, location: location)
        }
        if let bodyError { throw bodyError }
    }

    /// The same stream as ``forEachMention(_:_:)``: PostgreSQL plans a multi-brand export in time order alone.
    public func forEachMentionInTimeOrder(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) async throws {
        try await forEachMention(filter, body)
    }

    /// The first and last times among the filter's mentions (PostgreSQL purges nothing yet, so no quarter
    /// hour outlives its mentions as on SQLite).
    public func mentionTimeRange(_ filter: MentionFilter) async throws -> ClosedRange<Date>? {
        let logger = self.logger
        return try await reading("finding the time range of mentions") { connection in
            let (condition, sql) = try await Self.whereClause(filter, connection, logger: logger)
            let row = try await connection.query(
                sql.query("SELECT min(m.time), max(m.time) FROM mention m \(condition)"), logger: logger
            ).collect().first
            guard let (first, last) = try row?.decode((Int64?, Int64?).self), let first, let last else { return nil }
            return Epoch.date(first)...Epoch.date(last)
        }
    }

    /// The filter's `WHERE` clause over `mention m` (``MentionFilter/whereClause(brandIDs:into:)``), its brands
    /// resolved on `connection`, and its arguments.
    static func whereClause(_ filter: MentionFilter, _ connection: PostgresConnection, logger: Logger) async throws
        -> (condition: String, sql: SQLText)
    {
        let brandIDs = try await brandIDs(filter, connection, logger: logger, listingEveryBrand: false)
        var sql = SQLText(.postgres)
        let condition = filter.whereClause(brandIDs: brandIDs, into: &sql)
        return (condition, sql)
    }

    /// The ids of the filter's brands (every stored brand when it names none and `listingEveryBrand`), or
    /// `nil` when it names none and no list is wanted: ``MentionFilter/whereClause(brandIDs:into:)``'s input.
    static func brandIDs(
        _ filter: MentionFilter, _ connection: PostgresConnection, logger: Logger, listingEveryBrand: Bool
    ) async throws -> [Int64]? {
        guard !filter.brands.isEmpty || listingEveryBrand else { return nil }
        var sql = SQLText(.postgres)
        let query = filter.brandIDs(into: &sql)
        var ids: [Int64] = []
        for try await id in try await connection.query(sql.query(query), logger: logger).decode(Int64.self) {
            ids.append(id)
        }
        return ids
    }
}
