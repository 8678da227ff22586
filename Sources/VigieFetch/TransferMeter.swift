import Foundation

/// Counts the bytes of a response body as they arrive, so that a watchdog can
/// cut off a server that sends too slowly: the bytes received in the last
/// window, once the head is at least a window old.
final class TransferMeter: @unchecked Sendable {
    private let lock = NSLock()
    /// When the response head arrived, as an offset from the start of the exchange.
    private var head: Duration?
    /// Running totals: (offset, bytes received so far), oldest first.
    private var samples: [(at: Duration, total: Int)] = []
    private var total = 0

    /// The response head has arrived at `offset`: the body clock starts.
    func headArrived(at offset: Duration) {
        lock.withLock {
            head = offset
            samples = [(offset, 0)]
            total = 0
        }
    }

    /// `count` more body bytes arrived at `offset`.
    func received(_ count: Int, at offset: Duration) {
        lock.withLock {
            total += count
            samples.append((offset, total))
        }
    }

    /// The bytes received in the window ending at `offset`, or `nil` when the
    /// head has not arrived or is less than a window old.
    func bytes(inWindow window: Duration, endingAt offset: Duration) -> Int? {
        lock.withLock {
            guard let head, offset - head >= window else { return nil }
            let start = offset - window
            // The total at the window's start: the last sample at or before it.
            guard let index = samples.lastIndex(where: { $0.at <= start }) else { return total }
            let before = samples[index].total
            // Older samples will never be needed again (windows only move forward).
            if index > 0 { samples.removeFirst(index) }
            return total - before
        }
    }
}
