import Foundation

/// Runs a job over many inputs on several threads and hands the results
/// back in input order, with at most `window` results waiting: memory stays
/// bounded however many inputs there are.
final class OrderedWork<Result>: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Int: Result] = [:]
    private var nextToClaim = 0
    private var nextToDeliver = 0
    private let count: Int
    private let window: Int

    init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
    }

    /// Calls `work(index)` for every index on `threads` threads, and
    /// `deliver(result)` on the calling thread in index order.
    func run(threads: Int, work: @escaping @Sendable (Int) -> Result, deliver: (Result) -> Void) {
        let workers = max(1, min(threads, count))
        for _ in 0..<workers {
            let thread = Thread { [self] in
                while let index = claim() {
                    let result = work(index)
                    condition.lock()
                    results[index] = result
                    condition.broadcast()
                    condition.unlock()
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        while nextToDeliver < count {
            condition.lock()
            while results[nextToDeliver] == nil { condition.wait() }
            let result = results.removeValue(forKey: nextToDeliver)!
            nextToDeliver += 1
            condition.broadcast()
            condition.unlock()
            deliver(result)
        }
    }

    /// The next index to work on, waiting while the window is full; `nil` when all are claimed.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while nextToClaim < count && nextToClaim - nextToDeliver >= window { condition.wait() }
        guard nextToClaim < count else { return nil }
        defer { nextToClaim += 1 }
        return nextToClaim
    }
}
