import Foundation
import GRDB
import Testing
import VigieCore

@testable import VigieStore

/// Relabelling, read state and listing totals (`vigie serve`'s triage, migration v6-serve-triage).
@Suite struct TriageTests {
    static func store() throws -> VigieDatabase {
        let database = try Fixtures.database()
        // 30 stories a minute apart in the hour before the fetch: every third negative, the others neutral.
        let start = Fixtures.t0.addingTimeInterval(-3_600)
        try database.record(
            Fixtures.fetch("https://a.example/feed", Fixtures.stories(30, brand: "Orange", start: start)))
        try database.record(
            Fixtures.fetch(
                "https://b.example/feed", at: Fixtures.t0.addingTimeInterval(60),
                Fixtures.stories(12, brand: "Ardoise", prefix: "b", start: start)))
        return database
    }

    @Test func aManualLabelIsKeptBesideTheScorersAndTimelinesFollowIt() throws {
        let database = try Self.store()
        let filter = MentionFilter(brands: ["Orange"])
        func negatives() throws -> Int { try database.timeline(filter, bucket: .day).reduce(0) { $0 + $1.negative } }
        #expect(try negatives() == 10)
        let neutral = try #require(try database.mentions(filter).first { $0.label == .neutral })
        let relabelled = try database.relabel(mentionID: neutral.id, to: .negative)
        #expect(relabelled.label == .negative)
        #expect(relabelled.scorerLabel == .neutral)
        #expect(relabelled.isRelabelled)
        #expect(try negatives() == 11)
        // Relabelling again keeps the scorer's label, not the previous manual one.
        #expect(try database.relabel(mentionID: neutral.id, to: .positive).scorerLabel == .neutral)
        let back = try database.relabel(mentionID: neutral.id, to: nil)
        #expect(back.label == .neutral)
        #expect(back.scorerLabel == nil)
        #expect(try negatives() == 10)
        #expect(throws: StoreError.self) { try database.relabel(mentionID: 999_999, to: .negative) }
    }

    @Test func markAllReadUpToHere() throws {
        let database = try Self.store()
        var unread = MentionFilter(brands: ["Orange"])
        unread.unreadOnly = true
        #expect(try database.mentionTotal(unread) == 30)
        let rows = try database.mentions(MentionFilter(brands: ["Orange"]))
        // Newest first: "up to here" at the 11th marks it and the 19 older ones.
        #expect(try database.markRead(brands: ["Orange"], until: rows[10].time) == 20)
        #expect(try database.mentionTotal(unread) == 10)
        #expect(try database.setRead(mentionID: rows[0].id, true).read)
        #expect(try database.mentionTotal(unread) == 9)
        var ardoise = MentionFilter(brands: ["Ardoise"])
        ardoise.unreadOnly = true
        #expect(try database.mentionTotal(ardoise) == 12)
    }

    @Test func unreadCountersAgreeWithTheMentionsThroughMarksAndDeletions() throws {
        let database = try Self.store()
        func expectAgreement(_ context: Comment) throws {
            for brands in [[], ["Orange"], ["Ardoise"], ["Ardoise", "Orange"], ["Nobody"]] {
                var unread = MentionFilter(brands: brands)
                unread.unreadOnly = true
                let counted = try database.mentions(unread).count
                #expect(try database.mentionTotal(unread) == counted, "\(context), \(brands)")
                #expect(try database.mentionTotal(unread, cap: 5) == min(5, counted), "\(context), \(brands)")
            }
        }
        try expectAgreement("as recorded")
        let rows = try database.mentions(MentionFilter())
        _ = try database.markRead(brands: ["Orange"], until: rows[15].time)
        try expectAgreement("after mark all read")
        _ = try database.setRead(mentionID: rows[0].id, true)
        _ = try database.setRead(mentionID: rows[0].id, true)
        _ = try database.setRead(mentionID: rows[20].id, false)
        _ = try database.relabel(mentionID: rows[1].id, to: .positive)
        try expectAgreement("after marks one by one and a relabelling")
        // Deleted entries take their mentions, read or not, with them.
        try database.writer.write { db in try db.execute(sql: "DELETE FROM entry WHERE id % 3 = 0") }
        try expectAgreement("after deletions")
    }

    @Test(arguments: [2_000, 25, 1])
    func theSummaryCountsTheNewestMentionsTermsAndSources(sample: Int) throws {
        let database = try Self.store()
        for filter in [MentionFilter(), MentionFilter(brands: ["Ardoise"]), MentionFilter(label: .negative)] {
            var newest = filter
            newest.limit = sample
            let rows = try database.mentions(newest)
            var terms: [String: Int] = [:]
            var sources: [String: Int] = [:]
            for row in rows {
                for term in Set(row.topTerms) { terms[term, default: 0] += 1 }
                sources[row.sourceURL, default: 0] += 1
            }
            let summary = try database.sampleSummary(filter, sample: sample, terms: 100, sources: 100)
            #expect(Dictionary(uniqueKeysWithValues: summary.terms.map { ($0.term, $0.count) }) == terms)
            #expect(Dictionary(uniqueKeysWithValues: summary.sources.map { ($0.url, $0.count) }) == sources)
            #expect(summary.sources.map(\.count) == summary.sources.map(\.count).sorted(by: >))
            #expect(try database.topTerms(filter, sample: sample, limit: 1).first?.count == summary.terms.first?.count)
        }
    }

    @Test(
        arguments: [
            (nil, nil, nil), (Fixtures.t0.addingTimeInterval(7 * 60 + 13), nil, nil),
            (Fixtures.t0.addingTimeInterval(-3_600), Fixtures.t0.addingTimeInterval(20 * 60 + 1), nil),
            (nil, Fixtures.t0.addingTimeInterval(90), Language.french),
            (Fixtures.t0.addingTimeInterval(100), Fixtures.t0.addingTimeInterval(200), nil),
        ] as [(Date?, Date?, Language?)])
    func totalsFromQuarterHoursEqualCountedRows(since: Date?, until: Date?, language: Language?) throws {
        let database = try Self.store()
        for brands in [[], ["Orange"], ["Ardoise", "Orange"]] {
            let filter = MentionFilter(brands: brands, since: since, until: until, language: language)
            var all = filter
            all.limit = nil
            #expect(try database.mentionTotal(filter) == database.mentions(all).count)
        }
    }

    @Test func textFilterFindsTitlesAndTexts() throws {
        let database = try Self.store()
        var filter = MentionFilter()
        filter.text = "numéro 11"
        #expect(
            Set(try database.mentions(filter).compactMap(\.title)) == ["Histoire s numéro 11", "Histoire b numéro 11"])
        filter.text = "HISTOIRE S NUM"
        #expect(try database.mentionTotal(filter) == 30)
        filter.text = "100%_"
        #expect(try database.mentions(filter).isEmpty)
    }
}
