import Foundation

/// One alert to deliver to one sink: a row of the durable outbox.
///
/// A delivery is created `pending` with its alert, in the same transaction. The
/// sender claims due ones (``AlertStore/claimDueDeliveries(now:retryAt:limit:)``), sends
/// them with ``idempotencyKey`` (so a receiver can drop a repeat, since a crash
/// between sending and ``AlertStore/settle(_:as:at:)`` sends again),
/// and records each attempt's outcome. After the last retry it is marked `failed`: it stays
/// in the outbox, visible, never dropped.
public struct Delivery: Sendable, Hashable {
    /// Where a delivery stands: waiting for an attempt, done, or given up (kept, visible).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case pending, delivered, failed
    }

    /// The outbox row id, passed back to the `mark…` methods.
    public var id: Int64
    /// The sink's name, as in the configuration.
    public var sink: String
    /// Stable across every attempt of this delivery; send it as the `Idempotency-Key` header.
    public var idempotencyKey: String
    /// Where the delivery stands.
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int
    /// When the alert was raised and the delivery queued.
    public var createdAt: Date
    /// When a pending delivery may be tried (again).
    public var nextAttemptAt: Date
    /// When the last attempt was made, if any.
    public var lastAttemptAt: Date?
    /// Why the last attempt failed; `nil` after a success.
    public var lastError: String?
    /// When the sink accepted it.
    public var deliveredAt: Date?
    /// The alert to deliver.
    public var alert: StoredAlert

    /// Builds a delivery as the store reads it (tests and previews build their own).
    public init(
        id: Int64, sink: String, idempotencyKey: String, status: Status, attempts: Int, createdAt: Date,
        nextAttemptAt: Date, lastAttemptAt: Date?, lastError: String?, deliveredAt: Date?, alert: StoredAlert
    ) {
        self.id = id
        self.sink = sink
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.alert = alert
    }

    /// A new idempotency key (`vigie-` and a random UUID), made once per delivery, kept across its attempts.
    static func newIdempotencyKey() -> String { "vigie-" + UUID().uuidString.lowercased() }
}
