import Foundation

/// An attempt of a delivery, claimed and counted by ``AlertStore/claimDueDeliveries(now:retryAt:limit:)``:
/// what the sender POSTs, and the fence of its outcome (``AlertStore/settle(_:as:at:)``).
public struct DeliveryAttempt: Sendable, Hashable {
    /// The delivery as it was before this attempt was counted (what an abandoned attempt restores).
    public var delivery: Delivery
    /// This attempt's number (the delivery's attempts before, plus one): an outcome is written only while it
    /// is still the delivery's count.
    public var number: Int
    /// When the delivery is due again if this attempt fails (the backoff after it).
    public var retryAt: Date

    /// An attempt as a store hands it out.
    public init(delivery: Delivery, number: Int, retryAt: Date) {
        self.delivery = delivery
        self.number = number
        self.retryAt = retryAt
    }
}

/// How a delivery attempt ended.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver accepted it: the delivery leaves the queue.
    case delivered
    /// It failed and will be tried again at the attempt's `retryAt`.
    case retry(error: String)
    /// It failed for good (the last attempt, or its sink is gone): kept as `failed`, visible, no longer tried.
    case failed(error: String)
    /// A graceful shutdown stopped it before any outcome: the attempt is taken back (count, dates and error as
    /// they were), so it costs nothing against the retry budget and the delivery is due again at once.
    case abandoned
}
