import Foundation
import GRDB
import VigieCore

/// The SQLite store as a ``WatchStore``: opening it applies the migrations, and its leases are kept in
/// `host_lease` on the caller's clock (one watcher per file, so `vigie watch` itself leases nothing).
extension VigieDatabase: WatchStore {
    public var location: String { path ?? ":memory:" }

    /// The migrations that opening this database applied: SQLite applies them when the file is opened (each
    /// once, however many processes open a new file together), so there is nothing left to apply here.
    public func migrate() async throws -> [String] {
        try checkSchema()
        return openedMigrations
    }

    /// Checks that every migration of this build is applied and none other (opening the file already did).
    public func checkSchema() throws {
        let applied = try appliedMigrations()
        let known = Self.migrator.migrations
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                .newerSchema, operation: "checking the schema", subject: location,
                reason: "it has migration \(unknown), written by a newer Vigie; upgrade Vigie")
        }
        if let missing = known.first(where: { !applied.contains($0) }) {
            throw StoreError(
                .olderSchema, operation: "checking the schema", subject: location,
                reason: "migration \(missing) is not applied; open the database with this Vigie to apply it")
        }
    }

    public func leaseHosts(holder: String, duration: Duration, limit: Int, now: Date) throws -> [HostLease] {
        let nowMillis = Self.milliseconds(now)
        let until = Self.milliseconds(now, plus: duration)
        return try write("leasing hosts", subject: holder) { db in
            let hosts = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT s.host FROM source s LEFT JOIN host_lease l ON l.host = s.host
                    WHERE s.retired = 0 AND s.host IS NOT NULL AND (s.next_poll_at IS NULL OR s.next_poll_at <= ?)
                    AND (l.host IS NULL OR l.leased_until <= ?)
                    ORDER BY s.host LIMIT ?
                    """,
                arguments: [Epoch.seconds(now), nowMillis, max(0, limit)])
            let claim = try db.cachedStatement(
                sql: """
                    INSERT INTO host_lease (host, token, holder, leased_until) VALUES (?, ?, ?, ?)
                    ON CONFLICT (host) DO UPDATE SET token = excluded.token, holder = excluded.holder,
                    leased_until = excluded.leased_until
                    """)
            return try hosts.map { host in
                let lease = HostLease(
                    host: host, token: UUID().uuidString.lowercased(), holder: holder,
                    expires: Date(timeIntervalSince1970: Double(until) / 1000))
                try claim.execute(arguments: [host, lease.token, holder, until])
                return lease
            }
        }
    }

    public func dueSources(of lease: HostLease, now: Date) throws -> [SourceState] {
        try read("listing a host's due sources", subject: lease.host) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM source WHERE host = ? AND retired = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?)
                    ORDER BY next_poll_at IS NOT NULL, next_poll_at, url
                    """,
                arguments: [lease.host, Epoch.seconds(now)]
            ).map(Self.sourceState)
        }
    }

    public func renewLease(_ lease: HostLease, duration: Duration, now: Date) throws -> HostLease? {
        let until = Self.milliseconds(now, plus: duration)
        return try write("renewing a host lease", subject: lease.host) { db in
            try db.execute(
                sql: "UPDATE host_lease SET leased_until = ? WHERE host = ? AND token = ? AND leased_until > ?",
                arguments: [until, lease.host, lease.token, Self.milliseconds(now)])
            guard db.changesCount > 0 else { return nil }
            var renewed = lease
            renewed.expires = Date(timeIntervalSince1970: Double(until) / 1000)
            return renewed
        }
    }

    public func releaseLease(_ lease: HostLease) throws {
        try write("releasing a host lease", subject: lease.host) { db in
            try db.execute(
                sql: "DELETE FROM host_lease WHERE host = ? AND token = ?", arguments: [lease.host, lease.token])
        }
    }

    /// Throws `.leaseLost` unless `lease` is the current lease of the source's host and holds at `at`.
    static func checkLease(_ db: Database, _ lease: HostLease, sourceID: Int64, at: Date) throws {
        let holds =
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM host_lease l JOIN source s ON s.host = l.host
                    WHERE s.id = ? AND l.host = ? AND l.token = ? AND l.leased_until > ?)
                    """,
                arguments: [sourceID, lease.host, lease.token, milliseconds(at)]) ?? false
        guard holds else {
            throw StoreError(
                .leaseLost, operation: "recording a fetch", subject: lease.host,
                reason:
                    "the lease of \(lease.host) held by \(lease.holder) was taken over or expired; nothing was written")
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func milliseconds(_ date: Date, plus duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return milliseconds(date) + seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Every brand's mentions by label (``mentionCounts(_:)`` without a filter).
    public func mentionCounts() throws -> [MentionCount] {
        try mentionCounts(MentionFilter())
    }

    public func mentions(ids: [Int64]) throws -> [MentionRow] {
        guard !ids.isEmpty else { return [] }
        var filter = MentionFilter(ids: ids)
        filter.inStoredOrder = true
        var rows: [MentionRow] = []
        try forEachMention(filter) { rows.append($0) }
        return rows
    }
}
