import Foundation
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// Makes the stored sources match the configuration, in one transaction (the rules of
    /// ``VigieDatabase/syncSources(_:now:)``); each host gets its free lease row. Workers syncing the same
    /// configuration together upsert the same rows in URL order.
    public func syncSources(_ sources: [SourceDefinition], now: Date) async throws {
        try SourceDefinition.check(sources)
        let sorted = sources.sorted { $0.url < $1.url }
        let added = Epoch.seconds(now)
        let logger = self.logger
        try await transaction("syncing sources") { connection in
            try await connection.query(
                """
                INSERT INTO source (url, name, kind, host, added_at)
                SELECT u, n, k, h, \(added) FROM unnest(\(sorted.map(\.url))::text[], \(sorted.map(\.name))::text[],
                    \(sorted.map(\.kind))::text[], \(sorted.map(\.host))::text[]) AS t(u, n, k, h)
                ORDER BY u
                ON CONFLICT (url) DO UPDATE SET name = excluded.name, kind = excluded.kind, host = excluded.host,
                    retired = false
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO host_lease (host) SELECT DISTINCT h FROM unnest(\(sorted.map(\.host))::text[]) AS t(h)
                ORDER BY h ON CONFLICT (host) DO NOTHING
                """, logger: logger)
            try await connection.query(
                "UPDATE source SET retired = true WHERE NOT retired AND NOT (url = ANY(\(sorted.map(\.url))::text[]))",
                logger: logger)
        }
    }

    static let sourceColumns = """
        url, name, kind, retired, added_at, last_fetch_at, last_success_at, last_status, last_error,
        consecutive_failures, next_poll_at, etag, last_modified, entries_count, mentions_count, recovered_line,
        recovered_error
        """

    static func sourceState(_ row: PostgresRow) throws -> SourceState {
        let r = row.makeRandomAccess()
        let recoveredError = try r["recovered_error"].decode(String?.self)
        return SourceState(
            url: try r["url"].decode(String.self),
            name: try r["name"].decode(String.self),
            kind: try r["kind"].decode(String.self),
            retired: try r["retired"].decode(Bool.self),
            addedAt: Epoch.date(try r["added_at"].decode(Int64.self)),
            lastFetchAt: Epoch.date(try r["last_fetch_at"].decode(Int64?.self)),
            lastSuccessAt: Epoch.date(try r["last_success_at"].decode(Int64?.self)),
            lastStatus: try r["last_status"].decode(Int?.self),
            lastError: try r["last_error"].decode(String?.self),
            consecutiveFailures: try r["consecutive_failures"].decode(Int.self),
            nextPollAt: Epoch.date(try r["next_poll_at"].decode(Int64?.self)),
            etag: try r["etag"].decode(String?.self),
            lastModified: try r["last_modified"].decode(String?.self),
            entriesCount: try r["entries_count"].decode(Int.self),
            mentionsCount: try r["mentions_count"].decode(Int.self),
            recovery: try recoveredError.map {
                DocumentRecovery(line: try r["recovered_line"].decode(Int?.self), message: $0)
            })
    }

    public func sources() async throws -> [SourceState] {
        let logger = self.logger
        return try await reading("listing sources") { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.sourceColumns) FROM source ORDER BY url", logger: logger
            ).collect().map(Self.sourceState)
        }
    }

    public func source(url: String) async throws -> SourceState? {
        let logger = self.logger
        return try await reading("reading a source", subject: url) { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.sourceColumns) FROM source WHERE url = \(url)", logger: logger
            ).collect().first.map(Self.sourceState)
        }
    }

    private static func sourceID(_ connection: PostgresConnection, url: String, operation: String, logger: Logger)
        async throws -> Int64
    {
        guard
            let id = try await connection.query("SELECT id FROM source WHERE url = \(url)", logger: logger)
                .collect().first?.decode(Int64.self)
        else {
            throw StoreError(
                .unknownSource, operation: operation, subject: url,
                reason: "no such source; sync the configuration's sources first")
        }
        return id
    }

    public func unseenEntries(_ entries: [FeedEntry], sourceURL: String) async throws -> [Int] {
        var keys: [String] = []
        var positions: [Int] = []
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard let key = EntryIdentity.key(entry), seen.insert(key).inserted else { continue }
            keys.append(key)
            positions.append(index)
        }
        let (logger, candidates) = (self.logger, (keys: keys, positions: positions))
        return try await reading("looking up known entries", subject: sourceURL) { connection in
            let (keys, positions) = candidates
            let sourceID = try await Self.sourceID(
                connection, url: sourceURL, operation: "looking up known entries", logger: logger)
            var known = Set<String>()
            for try await key in try await connection.query(
                "SELECT item_key FROM entry_source WHERE source_id = \(sourceID) AND item_key = ANY(\(keys)::text[])",
                logger: logger
            ).decode(String.self) {
                known.insert(key)
            }
            return zip(keys, positions).filter { !known.contains($0.0) }.map(\.1)
        }
    }

    public func pageVersion(sourceURL: String) async throws -> PageVersion? {
        let logger = self.logger
        let words: [[UInt64]] = try await reading("reading a page's last version", subject: sourceURL) { connection in
            let sourceID = try await Self.sourceID(
                connection, url: sourceURL, operation: "reading a page's last version", logger: logger)
            var words: [[UInt64]] = []
            for try await blob in try await connection.query(
                "SELECT words FROM page_passage WHERE source_id = \(sourceID) ORDER BY position", logger: logger
            ).decode(Data.self) {
                words.append(PageVersion.decode(blob))
            }
            return words
        }
        return words.isEmpty ? nil : PageVersion(words: words)
    }

    /// Claims hosts in one statement: the free or expired leases of hosts with a due source, locked with
    /// `FOR UPDATE SKIP LOCKED` (a host another worker is claiming, or writing under, is skipped rather than
    /// waited for), each given a new token and an expiry on the database's clock. `now` is not read.
    public func leaseHosts(holder: String, duration: Duration, limit: Int, now: Date) async throws -> [HostLease] {
        let interval = Self.seconds(duration)
        let logger = self.logger
        return try await transaction("leasing hosts", subject: holder) { connection in
            var leases: [HostLease] = []
            for try await (host, token, expires) in try await connection.query(
                """
                UPDATE host_lease h SET token = gen_random_uuid(), holder = \(holder),
                    leased_until = now() + make_interval(secs => \(interval))
                FROM (
                    SELECT l.host FROM host_lease l
                    WHERE l.leased_until <= now() AND EXISTS (
                        SELECT 1 FROM source s WHERE s.host = l.host AND NOT s.retired
                        AND (s.next_poll_at IS NULL OR s.next_poll_at <= extract(epoch FROM now())))
                    ORDER BY l.host LIMIT \(max(0, limit))
                    FOR UPDATE SKIP LOCKED
                ) AS due
                WHERE h.host = due.host
                RETURNING h.host, h.token::text, extract(epoch FROM h.leased_until)::float8
                """, logger: logger
            ).decode((String, String, Double).self) {
                leases.append(
                    HostLease(host: host, token: token, holder: holder, expires: Date(timeIntervalSince1970: expires)))
            }
            return leases.sorted { $0.host < $1.host }
        }
    }

    /// The due sources of a leased host, on the database's clock (`now` is not read).
    public func dueSources(of lease: HostLease, now: Date) async throws -> [SourceState] {
        let logger = self.logger
        return try await reading("listing a host's due sources", subject: lease.host) { connection in
            try await connection.query(
                """
                SELECT \(unescaped: Self.sourceColumns) FROM source
                WHERE host = \(lease.host) AND NOT retired
                AND (next_poll_at IS NULL OR next_poll_at <= extract(epoch FROM now()))
                ORDER BY next_poll_at IS NOT NULL, next_poll_at, url
                """, logger: logger
            ).collect().map(Self.sourceState)
        }
    }

    /// Extends a lease that still holds, on the database's clock (`now` is not read).
    public func renewLease(_ lease: HostLease, duration: Duration, now: Date) async throws -> HostLease? {
        let interval = Self.seconds(duration)
        let logger = self.logger
        let expires = try await transaction("renewing a host lease", subject: lease.host) { connection in
            try await connection.query(
                """
                UPDATE host_lease SET leased_until = now() + make_interval(secs => \(interval))
                WHERE host = \(lease.host) AND token::text = \(lease.token) AND leased_until > now()
                RETURNING extract(epoch FROM leased_until)::float8
                """, logger: logger
            ).collect().first?.decode(Double.self)
        }
        return expires.map {
            var renewed = lease
            renewed.expires = Date(timeIntervalSince1970: $0)
            return renewed
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    public func releaseLease(_ lease: HostLease) async throws {
        let logger = self.logger
        try await transaction("releasing a host lease", subject: lease.host) { connection in
            try await connection.query(
                """
                UPDATE host_lease SET leased_until = '-infinity', token = NULL, holder = NULL
                WHERE host = \(lease.host) AND token::text = \(lease.token)
                """, logger: logger)
        }
    }
}
