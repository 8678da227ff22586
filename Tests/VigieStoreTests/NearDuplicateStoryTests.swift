import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// Rewritten copies of one story, carried by many sources, are stored as one
/// story with every source as a carrier; distinct texts about the same event
/// stay distinct.
@Suite struct NearDuplicateStoryTests {
    private let sources = (0..<20).map { "https://regional\($0).example/rss" }

    private func record(_ texts: [String], in database: VigieDatabase, label: Sentiment.Label = .negative) throws {
        for (index, text) in texts.enumerated() {
            let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
            let entry = Fixtures.entry(
                id: "item-\(index)", link: "https://regional\(index).example/article/\(index)", title: lines.first,
                text: text.replacingOccurrences(of: "\n", with: " "), published: Fixtures.t0 + Double(index * 120))
            try database.record(
                Fixtures.fetch(
                    sources[index % sources.count], at: Fixtures.t0 + Double(index * 120),
                    [ScoredEntry(entry: entry, mentions: [Fixtures.mention("Ardoise Télécom", label)])]))
        }
    }

    @Test func twentyRewrittenWireCopiesAreOneStoryWithTwentyCarriers() throws {
        let database = try Fixtures.database(sources: sources)
        try record(WireStories.frenchCopies, in: database)
        let mentions = try database.mentions(MentionFilter())
        #expect(mentions.count == 1)
        #expect(mentions.first?.carriers == 20)
        #expect(try database.mentionCounts().map(\.negative) == [1])
        #expect(try database.sources().map(\.entriesCount) == Array(repeating: 1, count: 20))
    }

    @Test func twentyDifferentComplaintsAboutTheSameOutageStayTwenty() throws {
        let database = try Fixtures.database(sources: sources)
        try record(WireStories.frenchComplaints, in: database)
        let mentions = try database.mentions(MentionFilter())
        #expect(mentions.count == 20)
        #expect(mentions.allSatisfy { $0.carriers == 1 })
    }

    @Test func aRewriteFromTheSameSourceUnderAnotherGuidStaysItsOwnEntry() throws {
        let database = try Fixtures.database(sources: sources)
        let copies = WireStories.frenchCopies
        for (index, text) in copies.prefix(2).enumerated() {
            let entry = Fixtures.entry(id: "same-feed-\(index)", text: text)
            try database.record(
                Fixtures.fetch(
                    sources[0], at: Fixtures.t0 + Double(index * 60),
                    [ScoredEntry(entry: entry, mentions: [Fixtures.mention("Ardoise Télécom")])]))
        }
        #expect(try database.mentions(MentionFilter()).count == 2)
    }

    @Test func aRewriteAfterTheLookBackIsANewStory() throws {
        let database = try Fixtures.database(sources: sources)
        let copies = WireStories.frenchCopies
        for (index, text) in copies.prefix(2).enumerated() {
            let at = Fixtures.t0 + Double(index) * 8 * 86_400
            let entry = Fixtures.entry(id: "late-\(index)", text: text, published: at)
            try database.record(
                Fixtures.fetch(
                    sources[index], at: at,
                    [ScoredEntry(entry: entry, mentions: [Fixtures.mention("Ardoise Télécom")])]))
        }
        #expect(try database.mentions(MentionFilter()).count == 2)
    }
}
