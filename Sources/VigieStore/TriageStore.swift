import Foundation
import VigieCore

/// What `vigie serve` needs beyond the reads (``ReadStore``) and the alerts (``AlertStore``), whichever database
/// holds the store: triage (a manual label, read marks, an operator's retry of an alert's webhooks), the alert
/// an inbox page shows, what the newest mentions are about, and the counts `/metrics` reports.
///
/// ``VigieDatabase`` conforms with its SQLite code as it is (the `mention_slot` triggers that follow a relabel,
/// the `unread_count` counters, the `mention_day` totals, the `fetch_count` trigger); ``PostgresStore``
/// conforms with the same SQL where the dialects agree (``MentionFilter``'s one `WHERE` text, one sample query)
/// and moves a relabelled mention between the counts of its quarter hour in the relabel's own transaction.
/// `Tests/VigieStoreTests/TriageStoreConformanceTests.swift` runs the same tests on both.
///
/// ```swift
/// let store: any TriageStore = …   // a VigieDatabase or a PostgresStore (`vigie serve` opens either)
/// let row = try await store.relabel(mentionID: 42, to: .neutral)
/// let marked = try await store.markRead(brands: ["Cerise"], until: Date())
/// ```
public protocol TriageStore: ReadStore, AlertStore {
    /// Sets a mention's label by hand, or gives it back its scorer's label (`label: nil`), and returns it; the
    /// scorer's label is kept beside the manual one, and timelines and totals follow the manual one at once.
    /// - Throws: ``StoreError`` `.notFound` when there is no such mention.
    func relabel(mentionID: Int64, to label: Sentiment.Label?) async throws -> MentionRow

    /// Marks one mention read or unread, and returns it.
    /// - Throws: ``StoreError`` `.notFound` when there is no such mention.
    func setRead(mentionID: Int64, _ read: Bool) async throws -> MentionRow

    /// Marks read every unread mention of `brands` (every brand when empty) whose time is `until` or earlier
    /// ("mark all read up to here"), and returns how many it marked.
    func markRead(brands: [String], until: Date) async throws -> Int

    /// The alert with this id, or `nil`.
    func alert(id: Int64) async throws -> StoredAlert?

    /// Puts every delivery of an alert back in the queue, due at `date`, with a fresh count of attempts (the
    /// dashboard's retry button), and returns how many it requeued.
    /// - Throws: ``StoreError`` `.notFound` when there is no such alert.
    func retryDeliveries(alertID: Int64, at date: Date) async throws -> Int

    /// What `filter`'s newest mentions (at most `sample`) are about: the terms that weighed most in their
    /// scores with how many of them each appears in, and the sources that carried most of them; most first,
    /// ties by name (see ``SampleTally``).
    func sampleSummary(_ filter: MentionFilter, sample: Int, terms: Int, sources: Int) async throws -> (
        terms: [(term: String, count: Int)], sources: [(url: String, name: String, count: Int)]
    )

    /// How many mentions each brand has had since the store was made, by label (a manual label counts as
    /// set), by brand name: the counters of `vigie_mentions_total`.
    func recordedMentionCounts() async throws -> [MentionCount]

    /// How many alerts each brand has of each severity, by brand then severity (`vigie_alerts_total`).
    func alertCounts() async throws -> [(brand: String, severity: AlertSeverity, count: Int)]

    /// How many fetches were recorded with each outcome (`fetched`, `not_modified`, `failed`), whichever
    /// process fetched (`vigie_fetches_total`).
    func fetchCounts() async throws -> [String: Int]

    /// How many deliveries wait in the outbox for each sink that has any delivery, 0 included
    /// (`vigie_outbox_pending`); also what `/readyz` asks to know that the store answers.
    func pendingDeliveryCounts() async throws -> [String: Int]
}

extension VigieDatabase: TriageStore {}
