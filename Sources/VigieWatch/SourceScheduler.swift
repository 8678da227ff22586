import Clocks
import Foundation
import VigieFetch

/// Starts each source's poll when that source is due, on its own clock: no round, nothing waits for the
/// slowest source.
///
/// At most ``width`` polls run at once and at most one per host (``SourceScheduler/Job/host``), so a
/// source that hangs holds up only the sources of its own host; the others keep their times. A poll's
/// completion says when its source is due next (interval, backoff or `Retry-After`, as the
/// ``PollSchedule`` decided), and the scheduler sleeps on the injected clock until the earliest due time.
///
/// Cancelling the task that runs ``run(_:once:poll:completed:)`` (a graceful shutdown) starts nothing
/// more and cancels the polls in flight; each still reports its completion (what was fetched is stored)
/// before `run` returns.
///
/// ```swift
/// let scheduler = SourceScheduler(
///     width: 32, maximumIdle: .seconds(60), clock: ContinuousClock(), now: { Date() })
/// try await scheduler.run(jobs, once: false, poll: { job in await fetch(job) }, completed: { job, result in
///     try store(result)    // returns when `job` is due next
/// })
/// ```
struct SourceScheduler: Sendable {
    /// One source as the scheduler sees it.
    struct Job: Sendable, Hashable {
        /// The source's identity (its URL).
        var id: String
        /// The politeness key: two jobs with one host never run at once.
        var host: String
        /// When it is due; a time in the past means now.
        var due: Date
    }

    /// Polls running at once, all hosts together.
    let width: Int
    /// The longest the scheduler sleeps without looking (and without calling `idle`).
    let maximumIdle: Duration
    /// What the scheduler sleeps on (a `TestClock` in tests).
    let clock: AnyClock<Duration>
    /// The time due dates are compared with; it must advance with `clock`.
    let now: @Sendable () -> Date

    /// A scheduler on `clock`, comparing due dates with `now`.
    init(width: Int, maximumIdle: Duration, clock: any Clock<Duration>, now: @escaping @Sendable () -> Date) {
        self.width = width
        self.maximumIdle = maximumIdle
        self.clock = AnyClock(clock)
        self.now = now
    }

    private enum Event<Result: Sendable>: Sendable {
        case polled(Int, Result)
        case woke(Date)
    }

    /// Runs the jobs until the task is cancelled or, when `once`, until every job has run once (due or not).
    ///
    /// - Parameters:
    ///   - poll: one poll of a job, in a child task; it should end soon once cancelled.
    ///   - completed: called on the scheduler's task with each poll's result, in completion order; returns
    ///     when the job is due next, or `nil` not to run it again.
    ///   - idle: called at least every ``maximumIdle`` while the scheduler runs (progress lines).
    func run<Result: Sendable>(
        _ jobs: [Job], once: Bool,
        poll: @escaping @Sendable (Job) async -> Result,
        completed: (Job, Result) async throws -> Date?,
        idle: () -> Void = {}
    ) async throws {
        var jobs = jobs
        if once { for index in jobs.indices { jobs[index].due = .distantPast } }
        var idleJobs = Set(jobs.indices)
        var busyHosts: Set<String> = []
        var timers: [Date] = []
        var running = 0
        try await withThrowingTaskGroup(of: Event<Result>.self) { group in
            while true {
                let cancelled = Task.isCancelled
                // The clock's instant before the date: should time move between the two readings, a
                // deadline counted from `instant` comes early (a harmless extra look), never late.
                let instant = clock.now
                let now = self.now()
                if !cancelled {
                    // Due jobs whose host is free, soonest first, up to the width.
                    let ready = idleJobs.filter { jobs[$0].due <= now && !busyHosts.contains(jobs[$0].host) }
                        .sorted { (jobs[$0].due, jobs[$0].id) < (jobs[$1].due, jobs[$1].id) }
                    for index in ready where running < width && !busyHosts.contains(jobs[index].host) {
                        let job = jobs[index]
                        idleJobs.remove(index)
                        busyHosts.insert(job.host)
                        running += 1
                        group.addTask { .polled(index, await poll(job)) }
                    }
                    // Wake for the next due job that could start then (a busy host's jobs start when it frees).
                    if !once {
                        var wake = now.addingTimeInterval(maximumIdle.seconds)
                        for index in idleJobs where !busyHosts.contains(jobs[index].host) && jobs[index].due > now {
                            wake = min(wake, jobs[index].due)
                        }
                        if timers.allSatisfy({ wake < $0 }) {
                            timers.append(wake)
                            // A deadline fixed here, not when the child task starts to sleep: a clock that moves
                            // meanwhile (a test advancing a `TestClock`) does not push the wake-up back.
                            let clock = self.clock
                            let deadline = instant.advanced(by: .seconds(max(0, wake.timeIntervalSince(now))))
                            group.addTask {
                                try? await clock.sleep(until: deadline, tolerance: nil)
                                return .woke(wake)
                            }
                        }
                    }
                }
                guard let event = try await group.next() else { return }
                switch event {
                case .woke(let wake):
                    if let index = timers.firstIndex(of: wake) { timers.remove(at: index) }
                    idle()
                case .polled(let index, let result):
                    running -= 1
                    busyHosts.remove(jobs[index].host)
                    let next = try await completed(jobs[index], result)
                    if let next, !once {
                        jobs[index].due = next
                        idleJobs.insert(index)
                    }
                }
                if once && running == 0 && (idleJobs.isEmpty || cancelled) {
                    group.cancelAll()
                    return
                }
            }
        }
    }
}
