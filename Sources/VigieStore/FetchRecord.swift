import Foundation
import VigieCore

/// Everything one fetch of one source produced, written by
/// ``VigieDatabase/record(_:)`` in a single transaction.
///
/// ```swift
/// let fetch = FetchRecord(
///     sourceURL: "https://example.org/feed.xml", fetchedAt: now,
///     outcome: .fetched(status: 200), etag: "\"abc\"",
///     nextPollAt: now + 900, entries: scored)
/// let summary = try database.record(fetch)
/// ```
public struct FetchRecord: Sendable, Hashable {
    /// How the fetch ended.
    public enum Outcome: Sendable, Hashable {
        /// The source answered with a document (HTTP status, 200 for `file://`).
        case fetched(status: Int)
        /// The source answered `304 Not Modified`: nothing to parse.
        case notModified
        /// The fetch failed: `status` is the HTTP status when one came (500, 429…),
        /// `nil` for a timeout, a refused connection or an unreadable body.
        case failed(status: Int?, error: String)
    }

    /// The source's URL, exactly as given to ``VigieDatabase/syncSources(_:)``.
    public var sourceURL: String
    /// When the fetch happened: the first-seen time of every new entry.
    public var fetchedAt: Date
    /// How the fetch ended.
    public var outcome: Outcome
    /// The validators the answer carried. After `.fetched` they replace the stored ones
    /// (`nil` clears); after `.notModified` a non-nil value replaces the stored one;
    /// after `.failed` they are ignored.
    public var etag: String?
    /// The `Last-Modified` validator, under the same rules as ``etag``.
    public var lastModified: String?
    /// When to fetch the source next (interval, jitter and backoff already applied).
    public var nextPollAt: Date
    /// How many fetches in a row have failed, this one included (0 after a success).
    public var consecutiveFailures: Int
    /// The entries of the document, matched and scored. Empty for `.notModified` and `.failed`.
    public var entries: [ScoredEntry]
    /// After `.fetched`: the first error the parser recovered from, `nil` for a well-formed document. It
    /// replaces the source's stored one (`nil` clears it) and flags the new entries as read from a
    /// recovered document; after `.notModified` and `.failed` it is ignored (the source keeps its state).
    public var recovery: DocumentRecovery?
    /// For a page watched without selectors: the texts of the passages of the version fetched, which
    /// replace the stored ones (``VigieDatabase/pageVersion(sourceURL:)``) after `.fetched`. `nil` leaves
    /// them as they are (feeds, pages with selectors, failed fetches).
    public var passages: [String]?

    /// A fetch of `sourceURL` at `fetchedAt`; see each property for the rules.
    public init(
        sourceURL: String, fetchedAt: Date, outcome: Outcome, etag: String? = nil,
        lastModified: String? = nil, nextPollAt: Date, consecutiveFailures: Int = 0,
        entries: [ScoredEntry] = [], recovery: DocumentRecovery? = nil, passages: [String]? = nil
    ) {
        self.passages = passages
        self.recovery = recovery
        self.sourceURL = sourceURL
        self.fetchedAt = fetchedAt
        self.outcome = outcome
        self.etag = etag
        self.lastModified = lastModified
        self.nextPollAt = nextPollAt
        self.consecutiveFailures = consecutiveFailures
        self.entries = entries
    }
}
