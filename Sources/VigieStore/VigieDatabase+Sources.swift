import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// Makes the stored sources match the configuration, in one transaction.
    ///
    /// Sources are identified by URL: a new URL is added (due at once), a known
    /// one gets its name and kind updated and keeps its fetch state and history,
    /// and a stored source whose URL is no longer listed is marked retired (it is
    /// no longer scheduled, its entries and mentions stay). Listing a retired
    /// URL again brings it back.
    ///
    /// - Parameter now: the time recorded as `addedAt` for new sources.
    /// - Throws: ``StoreError`` (`.invalidValue` for an empty URL or a URL listed twice).
    public func syncSources(_ sources: [SourceDefinition], now: Date = Date()) throws {
        try SourceDefinition.check(sources)
        let listed = Set(sources.map(\.url))
        try write("syncing sources") { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO source (url, name, kind, added_at, host) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (url) DO UPDATE SET name = excluded.name, kind = excluded.kind, retired = 0,
                    host = excluded.host
                    """)
            for source in sources {
                try upsert.execute(arguments: [source.url, source.name, source.kind, Epoch.seconds(now), source.host])
            }
            let stored = try String.fetchAll(db, sql: "SELECT url FROM source WHERE retired = 0")
            let retire = try db.cachedStatement(sql: "UPDATE source SET retired = 1 WHERE url = ?")
            for url in stored where !listed.contains(url) {
                try retire.execute(arguments: [url])
            }
        }
    }

    /// Every source, retired ones included, in URL order.
    public func sources() throws -> [SourceState] {
        try read("listing sources") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY url").map(Self.sourceState)
        }
    }

    /// The source with this URL, or `nil`.
    public func source(url: String) throws -> SourceState? {
        try read("reading a source", subject: url) { db in
            try Row.fetchOne(db, sql: "SELECT * FROM source WHERE url = ?", arguments: [url]).map(Self.sourceState)
        }
    }

    /// The sources still in the configuration that are due by `dueBy` (never
    /// fetched, or with a next poll time at or before it), soonest first.
    public func scheduledSources(dueBy: Date) throws -> [SourceState] {
        try read("listing due sources") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM source
                    WHERE retired = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?)
                    ORDER BY next_poll_at IS NOT NULL, next_poll_at, url
                    """,
                arguments: [Epoch.seconds(dueBy)]
            ).map(Self.sourceState)
        }
    }

    /// The earliest next poll time among active sources: what the watcher
    /// sleeps until. A source never fetched counts as due at the epoch (a time
    /// in the past); `nil` when no source is active.
    public func nextPollTime() throws -> Date? {
        try read("reading the next poll time") { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT count(*) AS n, sum(next_poll_at IS NULL) AS unscheduled, min(next_poll_at) AS next FROM source WHERE retired = 0"
            )
            guard let row, (row["n"] as Int64) > 0 else { return nil }
            if (row["unscheduled"] as Int64? ?? 0) > 0 { return Date(timeIntervalSince1970: 0) }
            return Epoch.date(row["next"] as Int64?)
        }
    }

    static func sourceState(_ row: Row) -> SourceState {
        SourceState(
            url: row["url"],
            name: row["name"],
            kind: row["kind"],
            retired: row["retired"],
            addedAt: Epoch.date(row["added_at"] as Int64),
            lastFetchAt: Epoch.date(row["last_fetch_at"] as Int64?),
            lastSuccessAt: Epoch.date(row["last_success_at"] as Int64?),
            lastStatus: row["last_status"],
            lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"],
            nextPollAt: Epoch.date(row["next_poll_at"] as Int64?),
            etag: row["etag"],
            lastModified: row["last_modified"],
            entriesCount: row["entries_count"],
            mentionsCount: row["mentions_count"],
            recovery: (row["recovered_error"] as String?).map {
                DocumentRecovery(line: row["recovered_line"], message: $0)
            },
            failingSince: Epoch.date(row["failing_since"] as Int64?)
        )
    }
}
