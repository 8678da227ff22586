import Foundation
import Testing
import VigieCore
import VigieStore

@Suite struct ConcurrencyTests {
    /// The watcher records fetches from many tasks at once: the same story
    /// arriving through eight feeds at the same moment is still stored once,
    /// and readers see whole fetches only.
    @Test func concurrentFetchesOfOneStoryStoreItOnce() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try VigieDatabase(path: folder.appendingPathComponent("vigie.sqlite").path, durability: .normal)
        let urls = (0..<8).map { "https://feed\($0).example/rss" }
        try database.syncSources(urls.map { SourceDefinition(url: $0, name: $0) }, now: Fixtures.t0)
        let shared = Fixtures.entry(
            id: "shared", link: "https://wire.example/orange-panne?utm_source=feed",
            text: "Panne nationale chez Orange : le réseau mobile coupé pendant trois heures.", published: Fixtures.t0)

        let summaries = try await withThrowingTaskGroup(of: FetchSummary.self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask {
                    var entries = Fixtures.stories(25, prefix: "feed\(index)")
                    entries.insert(
                        .init(entry: shared, mentions: [Fixtures.mention("Orange", .negative)]), at: index % 25)
                    return try database.record(Fixtures.fetch(url, entries))
                }
            }
            var all: [FetchSummary] = []
            for try await summary in group { all.append(summary) }
            return all
        }
        let newEntries = summaries.map(\.newEntries).reduce(0, +)
        let relayed = summaries.map(\.duplicatesAcrossSources).reduce(0, +)
        let totals = try database.mentionCounts().map(\.total)
        #expect(newEntries == 201)
        #expect(relayed == 7)
        #expect(totals == [201])
        let negative = try database.mentions(MentionFilter(label: .negative))
        let outages = negative.filter { $0.text.hasPrefix("Panne nationale") }
        #expect(outages.count == 1)
    }
}
