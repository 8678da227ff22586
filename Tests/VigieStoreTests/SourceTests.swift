import Foundation
import Testing
import VigieStore

@Suite struct SourceTests {
    let a = "https://a.example/feed"
    let b = "https://b.example/feed"
    let c = "file:///srv/feeds/c.xml"

    @Test func syncAddsUpdatesAndRetiresWithoutLosingHistory() throws {
        let database = try VigieDatabase.inMemory()
        try database.syncSources(
            [SourceDefinition(url: a, name: "A"), SourceDefinition(url: b, name: "B", kind: "atom")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(a, etag: "\"e1\"", Fixtures.stories(2)))

        try database.syncSources(
            [SourceDefinition(url: a, name: "A renamed", kind: "rss"), SourceDefinition(url: c, name: "C")],
            now: Fixtures.t0 + 60)
        let sources = try database.sources()
        #expect(sources.map(\.url) == [c, a, b])
        let stateA = try #require(sources.first { $0.url == a })
        #expect(stateA.name == "A renamed")
        #expect(stateA.kind == "rss")
        #expect(stateA.etag == "\"e1\"")
        #expect(stateA.entriesCount == 2)
        #expect(stateA.addedAt == Fixtures.t0)
        #expect(try #require(sources.first { $0.url == b }).retired)
        #expect(try #require(sources.first { $0.url == c }).addedAt == Fixtures.t0 + 60)

        // Retiring a source keeps its mentions; listing it again brings it back.
        try database.syncSources([SourceDefinition(url: c, name: "C")])
        #expect(try database.mentions(MentionFilter()).count == 2)
        #expect(try database.scheduledSources(dueBy: .distantFuture).map(\.url) == [c])
        try database.syncSources([SourceDefinition(url: a, name: "A"), SourceDefinition(url: c, name: "C")])
        #expect(try database.source(url: a)?.retired == false)
    }

    @Test func syncRefusesEmptyAndRepeatedURLs() throws {
        let database = try VigieDatabase.inMemory()
        #expect(throws: StoreError.self) { try database.syncSources([SourceDefinition(url: "", name: "x")]) }
        #expect(throws: StoreError.self) {
            try database.syncSources([SourceDefinition(url: a, name: "x"), SourceDefinition(url: a, name: "y")])
        }
        #expect(try database.sources().isEmpty)
    }

    @Test func fetchStateFollowsSuccessNotModifiedAndFailure() throws {
        let database = try Fixtures.database()
        try database.record(
            Fixtures.fetch(
                a, at: Fixtures.t0, etag: "\"v1\"", lastModified: "Thu, 01 Jan 2026 00:00:00 GMT", Fixtures.stories(1)))
        var state = try #require(try database.source(url: a))
        #expect(state.lastStatus == 200)
        #expect(state.lastFetchAt == Fixtures.t0)
        #expect(state.lastSuccessAt == Fixtures.t0)
        #expect(state.nextPollAt == Fixtures.t0 + 900)
        #expect(state.etag == "\"v1\"")
        #expect(state.lastModified == "Thu, 01 Jan 2026 00:00:00 GMT")

        try database.record(Fixtures.fetch(a, at: Fixtures.t0 + 900, outcome: .notModified))
        state = try #require(try database.source(url: a))
        #expect(state.lastStatus == 304)
        #expect(state.etag == "\"v1\"")
        #expect(state.lastSuccessAt == Fixtures.t0 + 900)

        var failure = Fixtures.fetch(
            a, at: Fixtures.t0 + 1_800, outcome: .failed(status: 500, error: "HTTP 500 Internal Server Error"))
        failure.consecutiveFailures = 1
        failure.nextPollAt = Fixtures.t0 + 1_860
        try database.record(failure)
        failure.fetchedAt = Fixtures.t0 + 1_860
        failure.outcome = .failed(status: nil, error: "timed out after 30 s")
        failure.consecutiveFailures = 2
        failure.nextPollAt = Fixtures.t0 + 1_980
        try database.record(failure)
        state = try #require(try database.source(url: a))
        #expect(state.lastStatus == nil)
        #expect(state.lastError == "timed out after 30 s")
        #expect(state.consecutiveFailures == 2)
        #expect(state.lastSuccessAt == Fixtures.t0 + 900)
        // Failing since the first failure of the run, not the last success nor the last failure.
        #expect(state.failingSince == Fixtures.t0 + 1_800)
        #expect(state.etag == "\"v1\"")
        #expect(state.nextPollAt == Fixtures.t0 + 1_980)

        // Recovery clears the error and takes the new validators (a missing one is cleared).
        try database.record(Fixtures.fetch(a, at: Fixtures.t0 + 2_000, etag: "\"v2\""))
        state = try #require(try database.source(url: a))
        #expect(state.lastError == nil)
        #expect(state.consecutiveFailures == 0)
        #expect(state.failingSince == nil)
        #expect(state.lastStatus == 200)
        #expect(state.etag == "\"v2\"")
        #expect(state.lastModified == nil)

        // A new run of failures starts its own clock.
        failure.fetchedAt = Fixtures.t0 + 5_000
        failure.consecutiveFailures = 1
        try database.record(failure)
        #expect(try database.source(url: a)?.failingSince == Fixtures.t0 + 5_000)
    }

    @Test func scheduledSourcesAreTheDueOnesSoonestFirst() throws {
        let database = try Fixtures.database(sources: [a, b, c])
        #expect(try database.scheduledSources(dueBy: Fixtures.t0).count == 3)
        #expect(try database.nextPollTime() == Date(timeIntervalSince1970: 0))

        var fetchA = Fixtures.fetch(a, at: Fixtures.t0)
        fetchA.nextPollAt = Fixtures.t0 + 300
        var fetchB = Fixtures.fetch(b, at: Fixtures.t0)
        fetchB.nextPollAt = Fixtures.t0 + 100
        try database.record(fetchA)
        try database.record(fetchB)
        #expect(try database.scheduledSources(dueBy: Fixtures.t0).map(\.url) == [c])
        #expect(try database.scheduledSources(dueBy: Fixtures.t0 + 200).map(\.url) == [c, b])
        #expect(try database.scheduledSources(dueBy: Fixtures.t0 + 300).map(\.url) == [c, b, a])

        var fetchC = Fixtures.fetch(c, at: Fixtures.t0)
        fetchC.nextPollAt = Fixtures.t0 + 50
        try database.record(fetchC)
        #expect(try database.nextPollTime() == Fixtures.t0 + 50)
        try database.syncSources([])
        #expect(try database.nextPollTime() == nil)
    }
}
