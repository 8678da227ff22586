import Foundation
import VigieCore

/// A source with its fetch state and counts, as stored: one row of `vigie sources`.
public struct SourceState: Sendable, Hashable {
    /// The source's URL: its identity.
    public var url: String
    /// The name shown to people.
    public var name: String
    /// `auto`, `rss`, `atom` or `html`.
    public var kind: String
    /// `true` when the source is no longer in the configuration; its history is kept.
    public var retired: Bool
    /// When the source was first seen in a configuration.
    public var addedAt: Date
    /// When it was last fetched (successfully or not), or `nil` if never.
    public var lastFetchAt: Date?
    /// When it last answered with entries or `304 Not Modified`.
    public var lastSuccessAt: Date?
    /// The HTTP status of the last fetch (304 for not modified), `nil` when no answer came.
    public var lastStatus: Int?
    /// Why the last fetch failed; `nil` after a success.
    public var lastError: String?
    /// How many fetches in a row have failed.
    public var consecutiveFailures: Int
    /// When the first of those failures happened; `nil` while the source is not failing.
    public var failingSince: Date?
    /// When the watcher plans to fetch it next; `nil` means as soon as possible.
    public var nextPollAt: Date?
    /// Validators for the next conditional GET.
    public var etag: String?
    /// The `Last-Modified` validator.
    public var lastModified: String?
    /// How many distinct entries the source has carried (syndicated ones included).
    public var entriesCount: Int
    /// How many mentions those entries hold.
    public var mentionsCount: Int
    /// When the last document fetched was ill-formed: the first error the parser recovered from.
    /// `nil` once a well-formed document comes (a 304 or a failure leaves it as it was).
    public var recovery: DocumentRecovery?

    /// A source state as the store reads it.
    public init(
        url: String, name: String, kind: String, retired: Bool = false, addedAt: Date,
        lastFetchAt: Date? = nil, lastSuccessAt: Date? = nil, lastStatus: Int? = nil,
        lastError: String? = nil, consecutiveFailures: Int = 0, nextPollAt: Date? = nil,
        etag: String? = nil, lastModified: String? = nil, entriesCount: Int = 0, mentionsCount: Int = 0,
        recovery: DocumentRecovery? = nil, failingSince: Date? = nil
    ) {
        self.recovery = recovery
        self.failingSince = failingSince
        self.url = url
        self.name = name
        self.kind = kind
        self.retired = retired
        self.addedAt = addedAt
        self.lastFetchAt = lastFetchAt
        self.lastSuccessAt = lastSuccessAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.nextPollAt = nextPollAt
        self.etag = etag
        self.lastModified = lastModified
        self.entriesCount = entriesCount
        self.mentionsCount = mentionsCount
    }
}
