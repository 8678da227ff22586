import Foundation
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieStore
import VigieTestSupport
import VigieWatch

/// Issue 20, item 2: a document libxml2 had to recover marks its source and flags its entries; a clean
/// document clears the source's state (the entries keep their flag).
@Suite(.dedicatedThread) struct RecoveredDocumentWatchTests {
    static let broken = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>t</title>
        <item><guid>1</guid><title>Acme: broken &amp; unclosed<b>oops</title><description>en panne, scandale</description></item>
        </channel></rss>
        """

    static let clean = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>t</title>
        <item><guid>2</guid><title>Acme is back</title><description>Acme works again</description></item>
        </channel></rss>
        """

    @Test func aRecoveredDocumentSetsTheStateAndFlagsItsEntriesAndACleanOneClearsTheState() async throws {
        let folder = try TemporaryFolder()
        let feed = try folder.write("feed.xml", Self.broken)
        let database = try VigieDatabase.inMemory()
        let settings = WatchSettings(
            sources: [SourceSettings(name: "feed", url: feed, kind: .auto, interval: .seconds(900))],
            matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]), scorer: WatcherTests.scorer)
        let fetcher = Fetcher(logger: WatcherTests.logger)
        let watcher = Watcher(settings: settings, database: database, fetcher: fetcher, logger: WatcherTests.logger)

        let first = try await watcher.runOnce()
        #expect(first.fetched == 1)
        let recovered = try #require(try database.source(url: feed.absoluteString)?.recovery)
        #expect(recovered.line == 3)
        #expect(recovered.message == "opening and ending tag mismatch: b line 3 and title")
        // The mention is kept, and flagged.
        let kept = try database.mentions(MentionFilter())
        #expect(kept.count == 1)
        #expect(kept.allSatisfy { $0.recovered })

        try Data(Self.clean.utf8).write(to: feed)
        let second = try await watcher.runOnce()
        #expect(second.fetched == 1)
        #expect(try database.source(url: feed.absoluteString)?.recovery == nil)
        let all = try database.mentions(MentionFilter())
        #expect(all.count == 2)
        #expect(all.filter(\.recovered).map(\.text) == kept.map(\.text))
        try await fetcher.shutdown()
    }
}
