import Foundation
import Testing
import VigieCore
import VigieOutput
import VigieStore
import VigieTestSupport

/// The mentions export reads the same rows as the store's listing, in time order.
@Suite struct ExportMentionsTests {
    typealias Story = ExportFixtures.Story

    static func database() throws -> VigieDatabase {
        let start = ExportFixtures.date("2026-04-01T00:00:00Z")
        var stories: [Story] = []
        for index in 0..<120 {
            let brand = ["Cerise", "Nordane", "Skylark"][index % 3]
            // Times out of insertion order, with ties, so the order is the reader's work.
            let time = start.addingTimeInterval(Double((index * 37) % 50) * 3600)
            let label: Sentiment.Label = index % 4 == 0 ? .negative : index % 4 == 1 ? .positive : .neutral
            stories.append(
                Story(
                    brand: brand, time: time, label: label, score: label == .negative ? -0.4 : 0.3,
                    title: "Story \(index), \"quoted\"", language: index % 2 == 0 ? .french : .english))
        }
        return try ExportFixtures.database(stories)
    }

    @Test(arguments: [
        MentionFilter(brands: ["Cerise", "Nordane", "Skylark"]),
        MentionFilter(brands: ["Nordane"]),
        MentionFilter(brands: ["Skylark", "Cerise"], language: .french),
        MentionFilter(
            brands: ["Cerise", "Nordane"], since: ExportFixtures.date("2026-04-01T10:00:00Z"),
            until: ExportFixtures.date("2026-04-02T10:00:00Z")),
        MentionFilter(brands: ["Cerise", "Nope"]),
        MentionFilter(),
    ])
    func sameRowsAsTheListingInTimeOrder(filter: MentionFilter) throws {
        let database = try Self.database()
        var exported: [MentionRow] = []
        try database.forEachMentionInTimeOrder(filter) { exported.append($0) }
        var listed: [MentionRow] = []
        try database.forEachMention(filter) { listed.append($0) }
        #expect(!exported.isEmpty)
        #expect(exported == listed)
        #expect(zip(exported, exported.dropFirst()).allSatisfy { ($0.time, $0.id) < ($1.time, $1.id) })
    }

    @Test func everyMentionBecomesOneParsableLine() throws {
        let database = try Self.database()
        var writer = MentionCSV(dialect: .standard, timeZone: ExportFixtures.zone("Europe/Paris"))
        var bytes = writer.start()
        try database.forEachMentionInTimeOrder(MentionFilter(brands: ["Cerise", "Nordane", "Skylark"])) {
            bytes += writer.line($0)
        }
        let records = try CSVOracle.records(String(decoding: bytes, as: UTF8.self))
        #expect(records.count == 121)
        #expect(
            records.dropFirst().allSatisfy { $0.count == MentionCSV.header.count && $0[3].hasSuffix(", \"quoted\"") })
        // 2026-04-01T00:00:00Z is 02:00 in Paris (summer time).
        #expect(records[1][0] == "2026-04-01T02:00:00+02:00")
    }
}
