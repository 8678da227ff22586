import Foundation
import Testing
import VigieCore
import VigieStore

/// A fetch of an ill-formed document: the source's recovered state and the entries' flag.
@Suite struct RecoveredDocumentTests {
    static let url = "https://a.example/feed"
    static let recovery = DocumentRecovery(line: 7, message: "opening and ending tag mismatch: b line 7 and title")

    @Test func aRecoveredFetchSetsTheStateAndFlagsOnlyItsNewEntries() throws {
        let database = try Fixtures.database()
        var fetch = Fixtures.fetch(Self.url, Fixtures.stories(2, prefix: "broken"))
        fetch.recovery = Self.recovery
        try database.record(fetch)
        #expect(try database.source(url: Self.url)?.recovery == Self.recovery)
        #expect(try database.mentions(MentionFilter()).map(\.recovered) == [true, true])

        // A 304 and a failure say nothing about the document: the state stays.
        try database.record(
            Fixtures.fetch(Self.url, at: Fixtures.t0.addingTimeInterval(900), outcome: .notModified))
        #expect(try database.source(url: Self.url)?.recovery == Self.recovery)
        try database.record(
            Fixtures.fetch(
                Self.url, at: Fixtures.t0.addingTimeInterval(1800), outcome: .failed(status: 500, error: "HTTP 500")))
        #expect(try database.source(url: Self.url)?.recovery == Self.recovery)

        // A well-formed document clears it; its new entries are not flagged, the old ones keep their flag.
        try database.record(
            Fixtures.fetch(
                Self.url, at: Fixtures.t0.addingTimeInterval(2700),
                Fixtures.stories(3, prefix: "clean", start: Fixtures.t0.addingTimeInterval(2700))))
        #expect(try database.source(url: Self.url)?.recovery == nil)
        let flags = try database.mentions(MentionFilter()).map { ($0.title ?? $0.text, $0.recovered) }
        #expect(flags.filter(\.1).count == 2)
        #expect(flags.filter { !$0.1 }.count == 3)
    }
}
