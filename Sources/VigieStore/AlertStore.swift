import Foundation
import VigieCore

/// What the detect and alert stages need from a store, whichever database holds it: the mentions to judge,
/// the alerts and their outbox deliveries, and the leader lease that says which worker judges.
///
/// Two stores conform: ``VigieDatabase`` (SQLite, one watcher per file) and ``PostgresStore`` (several watchers
/// on one PostgreSQL, one of them the leader). `Tests/VigieStoreTests/AlertStoreConformanceTests.swift` runs the
/// same tests on both.
///
/// ```swift
/// let store: any AlertStore = database
/// guard let leader = try await store.acquireLeadership(role: "detector", holder: "w1", duration: .seconds(60), now: Date())
/// else { return }  // another worker judges
/// let (rows, watermark) = try await store.mentionsForDetector(after: nil, since: lookbackStart)
/// … try await store.insertAlert(alert, sinks: ["ops"], fencedBy: leader)
/// ```
public protocol AlertStore: Sendable {
    /// Where the store is, for messages.
    var location: String { get }

    /// The mentions committed since `watermark` (every one when `nil`), in the order they were stored, each with
    /// its store time, and the watermark to pass next time. A mention is handed over once, even when the
    /// transaction that wrote it started before, and committed after, one handed over earlier.
    ///
    /// - Parameter since: when given, only mentions whose time is at or after it (the catch-up's lookback).
    func mentionsForDetector(after watermark: MentionWatermark?, since: Date?) async throws -> (
        rows: [MentionRow], watermark: MentionWatermark
    )

    /// Stores a raised alert and, in the same transaction, one pending delivery per sink (due at its
    /// `raisedAt`). An alert with the same brand, kind and bucket start as a stored one is not stored again and
    /// gets no delivery, however many leaders raise it at once.
    ///
    /// - Parameter leader: when given, the write happens only while that lease is still the role's current
    ///   term: a leader that lost its lease stores nothing.
    /// - Returns: the new alert's id, or `nil` when it had already been raised.
    /// - Throws: ``StoreError`` `.leaseLost` when `leader` no longer holds.
    func insertAlert(_ alert: StoredAlert, sinks: [String], fencedBy leader: LeaderLease?) async throws -> Int64?

    /// Alerts, newest bucket first; `brand` and `since` (on the bucket start) filter when given.
    func alerts(brand: String?, since: Date?, limit: Int?) async throws -> [StoredAlert]

    /// The deliveries of each alert of `alertIDs` (one per sink), by alert id, each list in sink order.
    func deliveries(alertIDs: [Int64]) async throws -> [Int64: [Delivery]]

    /// Claims up to `limit` pending deliveries due at `now` and counts an attempt of each, in one statement: two
    /// senders claiming at once never get the same delivery. Each claimed delivery is due again at
    /// `retryAt[attempts]` (its new attempt count, minus one; the last date past the end), so a sender killed
    /// during the attempt leaves it counted and retried after its backoff.
    func claimDueDeliveries(now: Date, retryAt: [Date], limit: Int) async throws -> [DeliveryAttempt]

    /// Records how a claimed attempt ended; writes nothing (and returns `false`) when the attempt is no longer
    /// the delivery's current one (another claim counted a newer one) or the delivery is no longer pending.
    @discardableResult
    func settle(_ attempt: DeliveryAttempt, as outcome: DeliveryOutcome, at date: Date) async throws -> Bool

    /// Takes the lease of `role` for `holder` when it is free or expired, with the next term; `nil` while
    /// another holder's lease holds (or this holder's own: renew it instead).
    ///
    /// - Parameter now: the SQLite store's clock; PostgreSQL uses its own (`now()`).
    func acquireLeadership(role: String, holder: String, duration: Duration, now: Date) async throws -> LeaderLease?

    /// Extends a lease that still holds to `duration` from now; `nil` when it expired or another term began.
    func renewLeadership(_ lease: LeaderLease, duration: Duration, now: Date) async throws -> LeaderLease?

    /// Gives the lease up before it expires, so that another worker takes the role at once (nothing happens
    /// when it was lost meanwhile).
    func releaseLeadership(_ lease: LeaderLease) async throws
}
