import Foundation
import Testing
import VigieCore
import VigieStore

#if canImport(Glibc)
    import Glibc
#endif

/// A real `kill -9`: the test binary runs itself as a child that records
/// fetches in a loop, the parent kills it mid-run, then "restarts" by
/// replaying every fetch, and the counts must equal those of an
/// uninterrupted run.
@Suite struct KillTests {
    static let childVariable = "VIGIE_STORE_KILL_CHILD_DB"
    static let sources = (0..<4).map { "https://feed\($0).example/rss" }

    /// What source `source` serves in round `round`: 40 items, 10 of them
    /// already served in the previous round, plus one wire story that every
    /// source relays (with its own tracking parameters).
    static func fetch(round: Int, source: Int) -> FetchRecord {
        let at = Fixtures.t0 + Double(round * 900)
        var entries: [ScoredEntry] = []
        for item in round * 30..<round * 30 + 40 {
            let brand = item % 2 == 0 ? "Orange" : "Free"
            let label: Sentiment.Label = item % 5 == 0 ? .negative : .neutral
            let published = Fixtures.t0 + Double(item * 30)
            let entry = Fixtures.entry(
                id: "feed\(source)-\(item)", link: "https://feed\(source).example/\(item)",
                text: "Article \(item) du flux \(source) : \(brand) change ses offres.", published: published)
            entries.append(ScoredEntry(entry: entry, mentions: [Fixtures.mention(brand, label)]))
        }
        entries.append(
            ScoredEntry(
                entry: Fixtures.entry(
                    id: "wire-\(source)-\(round)", link: "https://wire.example/\(round)?utm_source=feed\(source)",
                    text: "Dépêche \(round) : panne chez Orange dans plusieurs régions.", published: at),
                mentions: [Fixtures.mention("Orange", .negative)]))
        return FetchRecord(
            sourceURL: sources[source], fetchedAt: at, outcome: .fetched(status: 200), etag: "\"\(round)\"",
            nextPollAt: at + 900, entries: entries)
    }

    static func recordRounds(_ rounds: Range<Int>, into database: VigieDatabase, until deadline: Date = .distantFuture)
        throws
    {
        for round in rounds where Date() < deadline {
            for source in sources.indices {
                try database.record(fetch(round: round, source: source))
            }
        }
    }

    /// The child's workload; run on its own it records three rounds and checks them.
    @Test func recordingRoundsStoresEachFetchOnce() throws {
        if let path = ProcessInfo.processInfo.environment[Self.childVariable] {
            let database = try VigieDatabase(path: path)
            try database.syncSources(Self.sources.map { SourceDefinition(url: $0, name: $0) }, now: Fixtures.t0)
            _ = FileManager.default.createFile(atPath: path + ".ready", contents: Data())
            // Until killed; gives up by itself after a minute if the parent is gone.
            try Self.recordRounds(0..<10_000, into: database, until: Date() + 60)
            return
        }
        let database = try VigieDatabase.inMemory()
        try database.syncSources(Self.sources.map { SourceDefinition(url: $0, name: $0) }, now: Fixtures.t0)
        try Self.recordRounds(0..<3, into: database)
        // Per source: 40 + 30 + 30 items; one wire story per round, stored once.
        let totals = try database.mentionCounts().map(\.total).reduce(0, +)
        #expect(totals == 4 * 100 + 3)
        let states = try database.sources()
        #expect(states.allSatisfy { $0.entriesCount == 103 && $0.etag == "\"2\"" })
    }

    /// (No time limit: the waits below are bounded by themselves, and a loaded machine may take long.)
    @Test func killNineMidRunThenReplayGivesTheCountsOfAnUninterruptedRun() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "recordingRoundsStoresEachFetchOnce"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

        // Let it commit a few rounds, then kill it without warning.
        let deadline = Date() + 120
        while !FileManager.default.fileExists(atPath: path + ".ready") && Date() < deadline && child.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(FileManager.default.fileExists(atPath: path + ".ready"), "the child never started")
        let observer = try VigieDatabase(path: path)
        while try observer.sources().map(\.entriesCount).reduce(0, +) < 4 * 250 && Date() < deadline && child.isRunning
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        try #require(child.isRunning, "the child ended before it could be killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        try observer.close()

        // Restart: the file opens, is whole, and every source's state matches its data.
        let restarted = try VigieDatabase(path: path)
        let states = try restarted.sources()
        let committedRounds = states.map { state -> Int in
            Int(((state.lastFetchAt ?? Fixtures.t0 - 900).timeIntervalSince(Fixtures.t0)) / 900) + 1
        }
        #expect(committedRounds.allSatisfy { $0 >= 1 })
        for (state, rounds) in zip(states, committedRounds) {
            // One round = 40 new items then 30 a round, plus every wire story it relayed.
            #expect(state.entriesCount == 40 + 30 * (rounds - 1) + rounds)
            #expect(state.etag == "\"\(rounds - 1)\"")
        }

        // The watcher fetches again everything from the start: nothing is stored twice.
        let rounds = (committedRounds.max() ?? 0) + 2
        try Self.recordRounds(0..<rounds, into: restarted)
        let uninterrupted = try VigieDatabase.inMemory()
        try uninterrupted.syncSources(Self.sources.map { SourceDefinition(url: $0, name: $0) }, now: Fixtures.t0)
        try Self.recordRounds(0..<rounds, into: uninterrupted)
        #expect(try restarted.mentionCounts() == uninterrupted.mentionCounts())
        #expect(try restarted.sources().map(\.entriesCount) == uninterrupted.sources().map(\.entriesCount))
        #expect(try restarted.sources().map(\.mentionsCount) == uninterrupted.sources().map(\.mentionsCount))
    }
}
