import Foundation
import Testing
import VigieStore

/// One watcher per store, named when a second one is refused, and no stale lock after a crash.
@Suite struct WatcherLockTests {
    @Test func aSecondWatcherIsRefusedWithTheFirstOnesProcessAndCommand() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("vigie.db").path
        let first = try WatcherLock.acquire(
            database: database, holder: "vigie watch --config /etc/vigie.yaml", now: Fixtures.t0)
        let error = try #require(throws: StoreError.self) {
            _ = try WatcherLock.acquire(database: database, holder: "vigie watch --once")
        }
        #expect(error.code == .alreadyWatched)
        #expect(error.reason.contains("pid \(getpid())"), "\(error.reason)")
        #expect(error.reason.contains("since 2026-01-01T00:00:00Z"))
        #expect(error.reason.contains("vigie watch --config /etc/vigie.yaml"))
        #expect(error.reason.contains(database))

        first.release()
        let second = try WatcherLock.acquire(database: database, holder: "vigie watch --once")
        second.release()
    }

    /// The kernel drops the lock with its holder: a killed watcher leaves nothing to clean up.
    @Test func aKilledHoldersLockIsFreeAtOnce() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("vigie.db").path
        let lockPath = WatcherLock.lockPath(database: database)
        // A child process takes the lock the same way (flock on the same file), then is killed.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        child.arguments = ["--exclusive", "--no-fork", lockPath, "sleep", "600"]
        try child.run()
        defer { if child.isRunning { child.terminate() } }
        // Wait until the child holds it, seen as our own refusal (the bound is a safety net, not a measure).
        var refused = false
        for _ in 0..<2400 where !refused {
            do {
                let lock = try WatcherLock.acquire(database: database)
                lock.release()
                Thread.sleep(forTimeInterval: 0.05)
            } catch let error as StoreError where error.code == .alreadyWatched {
                refused = true
            }
        }
        #expect(refused, "the child never held the lock; the test proved nothing")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let lock = try WatcherLock.acquire(database: database)
        lock.release()
    }
}
