import Foundation
import Logging
import Testing
import VigieCore
import VigieFetch
import VigieMatch
import VigieScore
import VigieStore
import VigieTestSupport
import VigieWatch

/// `vigie watch --once` on a store shared by workers (issue 16): each worker polls the hosts it leases, and
/// together they store what one watcher alone stores, each source polled once.
@Suite(.dedicatedThread) struct LeasedPassTests {
    /// Twelve feeds, each its own host (a `file://` source is its own politeness key), each carrying three
    /// stories that two other feeds carry too.
    static func sources(in folder: TemporaryFolder) throws -> [SourceSettings] {
        try (0..<12).map { index in
            let items = (0..<3).map { offset in
                let story = (index + offset) % 12
                let mood = story % 2 == 0 ? "a total disaster, furious customers" : "great news, I love it"
                return "<item><guid>story-\(story)</guid><link>https://news.example/story-\(story)</link>"
                    + "<title>Acme story \(story): \(mood)</title>"
                    + "<pubDate>Mon, 06 May 2024 0\(offset):00:00 GMT</pubDate></item>"
            }
            let feed = "<rss version=\"2.0\"><channel><title>feed \(index)</title>\(items.joined())</channel></rss>"
            let url = try folder.write("feed-\(index).xml", feed)
            return SourceSettings(name: "feed \(index)", url: url, kind: .auto, interval: .seconds(900))
        }
    }

    static func watcher(_ sources: [SourceSettings], store: any WatchStore) throws -> (Watcher, Fetcher) {
        let settings = WatchSettings(
            sources: sources, matcher: Matcher(brands: [try Brand(name: "Acme", terms: [Term("Acme")])]),
            scorer: try SentimentScorer(lexicons: LexiconLocator.locate()))
        let fetcher = Fetcher(logger: TestStore.logger)
        return (Watcher(settings: settings, database: store, fetcher: fetcher, logger: TestStore.logger), fetcher)
    }

    @Test(arguments: TestStore.available)
    func twoWorkersStoreWhatOneWatcherStores(kind: TestStore) async throws {
        let folder = try TemporaryFolder()
        let sources = try Self.sources(in: folder)
        let reference = try VigieDatabase.inMemory()
        let (alone, aloneFetcher) = try Self.watcher(sources, store: reference)
        let pass = try await alone.runOnce()
        try await aloneFetcher.shutdown()
        #expect(pass.fetched == 12 && pass.newEntries == 12 && pass.mentions == 12, "\(pass)")

        try await StorePlace.with(kind) { place in
            let (first, firstFetcher) = try Self.watcher(sources, store: try await place.open())
            let (second, secondFetcher) = try Self.watcher(sources, store: try await place.open())
            async let one = first.runLeasedOnce(holder: "worker-1")
            async let two = second.runLeasedOnce(holder: "worker-2")
            let (a, b) = try await (one, two)
            try await firstFetcher.shutdown()
            try await secondFetcher.shutdown()
            // Every source polled once, by one worker or the other.
            #expect(a.sources + b.sources == 12 && a.fetched + b.fetched == 12, "\(a)\n\(b)")
            #expect(a.newEntries + b.newEntries == 12 && a.mentions + b.mentions == 12)
            let store = try await place.open()
            #expect(try await store.mentionCounts() == reference.mentionCounts())
            let stored = try await store.sources()
            #expect(stored.map(\.entriesCount) == (try reference.sources()).map(\.entriesCount))
            #expect(stored.allSatisfy { $0.lastStatus == 200 && $0.nextPollAt != nil })
            // Nothing is due any more: a third pass leases nothing and polls nothing.
            let (third, thirdFetcher) = try Self.watcher(sources, store: store)
            let again = try await third.runLeasedOnce(holder: "worker-3")
            try await thirdFetcher.shutdown()
            #expect(again.sources == 0)
        }
    }
}
