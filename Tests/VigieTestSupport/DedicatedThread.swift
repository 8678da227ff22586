import Dispatch
import Testing

/// Runs each test of a suite, and every task it starts in a task group (its loopback server's handlers
/// among them), on a serial queue of its own rather than on Swift's cooperative pool, which has one thread
/// per core.
///
/// The suite runs its tests in parallel, and many of them are synchronous work (parsing, detection,
/// spreadsheets) that can hold both threads of a 2-core machine for longer than a fetch's read timeout or a
/// drip's twenty seconds when every core is busy. A test whose server answers, or whose client reads, only
/// when one of those threads comes free would then fail for a reason that is not its own. On a thread of
/// its own (like ``RawServer``'s connections), a busy machine delays such a test but cannot starve it.
///
/// ```swift
/// @Suite(.dedicatedThread) struct FetcherTests { … }
/// ```
public struct DedicatedThread: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(QueueExecutor(label: test.name)) { try await function() }
    }
}

extension Trait where Self == DedicatedThread {
    /// Runs the suite's tests off the cooperative pool (see ``DedicatedThread``).
    public static var dedicatedThread: Self { Self() }
}

/// A task executor on a serial dispatch queue (dispatch gives it a thread outside the cooperative pool).
final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
