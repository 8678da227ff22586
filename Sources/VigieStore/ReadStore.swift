import Foundation

/// What the commands that read the store need, whichever database holds it: listings and their totals,
/// exports in time or stored order, timelines, the time range of the mentions, the alerts a timeline marks
/// (and, from ``WatchStore``, the sources with their state).
///
/// ``VigieDatabase`` conforms with its SQLite reads as they are (the `mention_day` running totals, the
/// unread counters); ``PostgresStore`` conforms with the same SQL where the dialects agree (one
/// ``MentionFilter`` text) and folds timelines from `mention_slot` with the same arithmetic.
/// `Tests/VigieStoreTests/ReadStoreConformanceTests.swift` runs the same reads on both.
///
/// ```swift
/// let store: any ReadStore = …   // `WatchRuntime.openReadStore` in the `vigie` command
/// let page = try await store.mentions(MentionFilter(brands: ["Cerise"], label: .negative, limit: 50))
/// let total = try await store.mentionTotal(MentionFilter(brands: ["Cerise"], label: .negative), cap: nil)
/// let days = try await store.timeline(MentionFilter(since: weekAgo), bucket: .day, timeZone: paris)
/// ```
public protocol ReadStore: WatchStore {
    /// The mentions that pass `filter`, newest first (ties by newest id), `limit` and `offset` applied.
    func mentions(_ filter: MentionFilter) async throws -> [MentionRow]

    /// How many mentions pass `filter` (its `limit` and `offset` are ignored), at most `cap` when given.
    func mentionTotal(_ filter: MentionFilter, cap: Int?) async throws -> Int

    /// Calls `body` with each mention that passes `filter`, oldest first (ties by id; by id alone with
    /// ``MentionFilter/inStoredOrder``), from one snapshot, in constant memory. An error thrown by `body`
    /// stops it and is rethrown as it is; `body` must not call the store.
    func forEachMention(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) async throws

    /// ``forEachMention(_:_:)`` planned for exports of several brands (the first row comes at once).
    func forEachMentionInTimeOrder(_ filter: MentionFilter, _ body: (MentionRow) throws -> Void) async throws

    /// Mentions per brand and bucket of `timeZone`, by brand then time; empty buckets left out, the filter's
    /// `limit` ignored.
    func timeline(_ filter: MentionFilter, bucket: TimelineBucket.Width, timeZone: TimeZone) async throws
        -> [TimelineBucket]

    /// The first and last mention times under `filter`, or `nil` when none passes it.
    func mentionTimeRange(_ filter: MentionFilter) async throws -> ClosedRange<Date>?

    /// The alerts of `brands` (every brand when empty) whose bucket starts in `[since, until)`, oldest first.
    func alerts(brands: [String], since: Date?, until: Date?) async throws -> [StoredAlert]
}

extension VigieDatabase: ReadStore {}
