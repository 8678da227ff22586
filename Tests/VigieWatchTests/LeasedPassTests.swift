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

/// A worker on a shared store holds a few hosts at a time and claims the next as one finishes, so that
/// workers started together share the hosts (with no cap, the first to claim took all twenty of the fleet
/// benchmark's hosts and three workers of four sat idle).
@Suite(.dedicatedThread) struct LeasedHostCapTests {
    /// The store, counting the leases held at once.
    final class CountingStore: WatchStore, @unchecked Sendable {
        let base: any WatchStore
        private let lock = NSLock()
        private var held = Set<String>()
        private(set) var most = 0
        private(set) var claims = 0

        init(_ base: any WatchStore) { self.base = base }

        var location: String { base.location }
        func migrate() async throws -> [String] { try await base.migrate() }
        func checkSchema() async throws { try await base.checkSchema() }
        func syncSources(_ sources: [SourceDefinition], now: Date) async throws {
            try await base.syncSources(sources, now: now)
        }
        func sources() async throws -> [SourceState] { try await base.sources() }
        func source(url: String) async throws -> SourceState? { try await base.source(url: url) }
        func unseenEntries(_ entries: [FeedEntry], sourceURL: String) async throws -> [Int] {
            try await base.unseenEntries(entries, sourceURL: sourceURL)
        }
        func pageVersion(sourceURL: String) async throws -> PageVersion? {
            try await base.pageVersion(sourceURL: sourceURL)
        }
        func leaseHosts(holder: String, duration: Duration, limit: Int, now: Date) async throws -> [HostLease] {
            let leases = try await base.leaseHosts(holder: holder, duration: duration, limit: limit, now: now)
            lock.withLock {
                claims += 1
                held.formUnion(leases.map(\.host))
                most = max(most, held.count)
            }
            return leases
        }
        func dueSources(of lease: HostLease, now: Date) async throws -> [SourceState] {
            try await base.dueSources(of: lease, now: now)
        }
        func renewLease(_ lease: HostLease, duration: Duration, now: Date) async throws -> HostLease? {
            try await base.renewLease(lease, duration: duration, now: now)
        }
        func releaseLease(_ lease: HostLease) async throws {
            try await base.releaseLease(lease)
            _ = lock.withLock { held.remove(lease.host) }
        }
        func record(_ fetch: FetchRecord, fencedBy lease: HostLease?) async throws -> FetchSummary {
            try await base.record(fetch, fencedBy: lease)
        }
        func mentions(ids: [Int64]) async throws -> [MentionRow] { try await base.mentions(ids: ids) }
        func mentionCounts() async throws -> [MentionCount] { try await base.mentionCounts() }
    }

    @Test(arguments: TestStore.available)
    func aWorkerHoldsFourHostsAtATime(kind: TestStore) async throws {
        let folder = try TemporaryFolder()
        let sources = try LeasedPassTests.sources(in: folder)
        try await StorePlace.with(kind) { place in
            let store = CountingStore(try await place.open())
            let (worker, fetcher) = try LeasedPassTests.watcher(sources, store: store)
            let pass = try await worker.runLeasedOnce(holder: "worker-1")
            try await fetcher.shutdown()
            #expect(pass.sources == 12 && pass.newEntries == 12, "\(pass)")
            // Twelve hosts, four at a time: more than one claim, never more than four held.
            #expect(store.most == 4, "\(store.most)")
            #expect(store.claims >= 4, "\(store.claims)")
        }
    }
}
