import Foundation
import VigieCore

/// What the watch path needs from a store, whichever database holds it: the schema, the sources and
/// their leases, the record of each fetch, and the reads a poll and the `--once` summary make.
///
/// Two stores conform: ``VigieDatabase`` (SQLite, embedded, one watcher per file) and ``PostgresStore``
/// (several watchers on one PostgreSQL). `Tests/VigieStoreTests/WatchStoreConformanceTests.swift` runs the
/// same tests on both. Every write is one transaction; a record fenced by a lease writes nothing unless
/// the lease still holds.
///
/// ```swift
/// let store: any WatchStore = try await PostgresStore.connect(location, password: password, logger: logger)
/// try await store.checkSchema()
/// for lease in try await store.leaseHosts(holder: "worker-1", duration: .seconds(300), limit: 8, now: Date()) {
///     for source in try await store.dueSources(of: lease, now: Date()) { … try await store.record(fetch, fencedBy: lease) }
/// }
/// ```
///
/// Alerts, the outbox and the leader lease are ``AlertStore``'s; reads for listings, exports and timelines are on
/// ``VigieDatabase`` only so far.
public protocol WatchStore: Sendable {
    /// Where the store is, for messages: the database file, or the PostgreSQL URL without its password.
    var location: String { get }

    /// Brings the schema up to this build's, each migration applied once however many processes call this
    /// together; returns the names of the migrations this call applied.
    /// - Throws: ``StoreError`` `.newerSchema` when a newer Vigie wrote the store, `.migrationFailed`.
    func migrate() async throws -> [String]

    /// Checks that the schema is exactly this build's.
    /// - Throws: ``StoreError`` `.olderSchema` (run `vigie migrate`) or `.newerSchema` (upgrade Vigie).
    func checkSchema() async throws

    /// Makes the stored sources match the configuration (see ``VigieDatabase/syncSources(_:now:)``).
    func syncSources(_ sources: [SourceDefinition], now: Date) async throws

    /// Every source, retired ones included, in URL order.
    func sources() async throws -> [SourceState]

    /// The source with this URL, or `nil`.
    func source(url: String) async throws -> SourceState?

    /// The positions in `entries` of those the source has not given before (see
    /// ``VigieDatabase/unseenEntries(_:sourceURL:)``).
    func unseenEntries(_ entries: [FeedEntry], sourceURL: String) async throws -> [Int]

    /// The passages of the last version of a watched page, or `nil` before its first fetch.
    func pageVersion(sourceURL: String) async throws -> PageVersion?

    /// Claims up to `limit` hosts that have due sources and whose lease is free or expired, for `duration`:
    /// while a lease holds, no other holder gets that host, so each host sees one poller at a time across
    /// every worker.
    ///
    /// - Parameter now: the SQLite store's clock. PostgreSQL uses the database's clock (`now()`) instead,
    ///   so that workers on machines whose clocks disagree agree on who holds what.
    func leaseHosts(holder: String, duration: Duration, limit: Int, now: Date) async throws -> [HostLease]

    /// The sources of a leased host that are due (never fetched, or next poll at or before now), soonest first.
    /// - Parameter now: as in ``leaseHosts(holder:duration:limit:now:)``.
    func dueSources(of lease: HostLease, now: Date) async throws -> [SourceState]

    /// Extends a lease that still holds to `duration` from now (the same clock as
    /// ``leaseHosts(holder:duration:limit:now:)``); `nil` when it expired or was taken over meanwhile.
    func renewLease(_ lease: HostLease, duration: Duration, now: Date) async throws -> HostLease?

    /// Gives a lease up before it expires (nothing happens when it was lost meanwhile).
    func releaseLease(_ lease: HostLease) async throws

    /// Writes one fetch in one transaction (see ``VigieDatabase/record(_:)``), retried on a deadlock or a
    /// serialization failure.
    ///
    /// - Parameter lease: when given, the write happens only if that lease still holds when it commits: the
    ///   host is the source's, the token is the current one and it has not expired (on PostgreSQL's clock;
    ///   on SQLite's, at `fetch.fetchedAt`).
    /// - Throws: ``StoreError`` `.leaseLost` when the lease no longer holds: nothing of the fetch is written.
    func record(_ fetch: FetchRecord, fencedBy lease: HostLease?) async throws -> FetchSummary

    /// The mentions with these ids, in the order they were stored (what the detector is handed).
    func mentions(ids: [Int64]) async throws -> [MentionRow]

    /// How many mentions each brand has, by label (the `--once` summary).
    func mentionCounts() async throws -> [MentionCount]
}
