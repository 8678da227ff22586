import Foundation
import Testing
import VigieCore
import VigieStore

@Suite struct RecordTests {
    let a = "https://a.example/feed"
    let b = "https://b.example/feed"

    @Test func newEntriesAndTheirMentionsAreStored() throws {
        let database = try Fixtures.database()
        let entry = ScoredEntry(
            entry: Fixtures.entry(
                id: "1", link: "https://news.example/1", title: "Orange et Free",
                text: "Orange et Free baissent leurs prix", published: Fixtures.t0),
            mentions: [
                Fixtures.mention("Orange", .positive, terms: ["orange"]),
                Fixtures.mention("Free", .positive, terms: ["free", "#free"]),
            ])
        let summary = try database.record(Fixtures.fetch(a, [entry]))
        #expect(summary.newEntries == 1 && summary.mentionsStored == 2)
        #expect(Set(try database.mentions(MentionFilter(ids: summary.mentionIDs)).map(\.brand)) == ["Orange", "Free"])
        let rows = try database.mentions(MentionFilter())
        #expect(Set(rows.map(\.brand)) == ["Orange", "Free"])
        let free = try #require(rows.first { $0.brand == "Free" })
        #expect(free.matchedTerms == ["free", "#free"])
        #expect(free.sourceURL == a)
        #expect(free.sourceName == "a.example")
        #expect(free.title == "Orange et Free")
        #expect(free.link == "https://news.example/1")
        #expect(free.text == "Orange et Free baissent leurs prix")
        #expect(free.label == .positive)
        #expect(free.language == .french)
        #expect(free.sentiment == Fixtures.sentiment(.positive))
        #expect(rows[0].entryID == rows[1].entryID)
    }

    @Test func entriesWithoutBrandsAreRememberedButHaveNoMention() throws {
        let database = try Fixtures.database()
        let plain = ScoredEntry(entry: Fixtures.entry(id: "x", text: "Rien à voir"))
        #expect(try database.record(Fixtures.fetch(a, [plain])) == FetchSummary(newEntries: 1))
        #expect(try database.record(Fixtures.fetch(a, [plain])) == FetchSummary(duplicatesWithinSource: 1))
        #expect(try database.mentions(MentionFilter()).isEmpty)
    }

    /// Within one source: the guid decides; without a guid the link; without either the text.
    @Test(arguments: [
        // Same guid, link and text changed: still the same item.
        (
            Fixtures.entry(id: "g1", link: "https://n.example/1", text: "Orange premier texte"),
            Fixtures.entry(id: "g1", link: "https://n.example/1-edited", text: "Orange texte corrigé"), true
        ),
        // No guid, same link up to tracking parameters: the same item.
        (
            Fixtures.entry(link: "https://n.example/2?utm_source=rss", text: "Orange deuxième"),
            Fixtures.entry(link: "https://n.example/2", text: "Orange deuxième, corrigé"), true
        ),
        // No guid, no link, same text: the same item.
        (
            Fixtures.entry(title: "Orange", text: "Orange troisième histoire"),
            Fixtures.entry(title: "ORANGE", text: "orange  troisième histoire !"), true
        ),
        // No guid, no link, other text: another item.
        (Fixtures.entry(text: "Orange quatrième histoire"), Fixtures.entry(text: "Orange cinquième histoire"), false),
        // Different guids: two items.
        (Fixtures.entry(id: "g5", text: "Orange a"), Fixtures.entry(id: "g6", text: "Orange b"), false),
    ])
    func deduplicationWithinASource(first: FeedEntry, second: FeedEntry, duplicate: Bool) throws {
        let database = try Fixtures.database()
        try database.record(Fixtures.fetch(a, [ScoredEntry(entry: first, mentions: [Fixtures.mention("Orange")])]))
        let summary = try database.record(
            Fixtures.fetch(
                a, at: Fixtures.t0 + 900, [ScoredEntry(entry: second, mentions: [Fixtures.mention("Orange")])]))
        #expect(summary.duplicatesWithinSource == (duplicate ? 1 : 0))
        #expect(summary.newEntries == (duplicate ? 0 : 1))
        #expect(try database.mentions(MentionFilter()).count == (duplicate ? 1 : 2))
    }

    @Test func theSameLinkWithTrackingParametersFromAnotherSourceCountsOnce() throws {
        let database = try Fixtures.database()
        let story = Fixtures.entry(
            id: "a-1", link: "https://news.example/story?id=9", text: "Orange relève ses prix", published: Fixtures.t0)
        let relayed = Fixtures.entry(
            id: "b-77", link: "http://www.news.example/story?utm_source=twitter&id=9&fbclid=abc#top",
            text: "Relayé : Orange relève ses prix, les abonnés protestent", published: Fixtures.t0 + 600)
        try database.record(
            Fixtures.fetch(a, [ScoredEntry(entry: story, mentions: [Fixtures.mention("Orange", .negative)])]))
        let summary = try database.record(
            Fixtures.fetch(b, [ScoredEntry(entry: relayed, mentions: [Fixtures.mention("Orange", .negative)])]))
        #expect(summary == FetchSummary(duplicatesAcrossSources: 1))
        let rows = try database.mentions(MentionFilter())
        #expect(rows.count == 1)
        #expect(rows[0].sourceURL == a)
        // Both sources carried it.
        let sources = try database.sources()
        #expect(sources.map(\.entriesCount) == [1, 1])
        #expect(sources.map(\.mentionsCount) == [1, 1])
        #expect(try database.mentions(MentionFilter(source: b)).count == 1)
    }

    @Test func aSyndicatedStoryWithOtherLinksButTheSameTextCountsOnce() throws {
        let database = try Fixtures.database(sources: [a, b, "https://c.example/feed"])
        let text = "Grève chez Orange : les boutiques fermées samedi dans toute la France."
        for (index, url) in [a, b, "https://c.example/feed"].enumerated() {
            let entry = Fixtures.entry(
                id: "guid-\(index)", link: "https://site\(index).example/article-\(index)", title: "Grève chez Orange",
                text: text)
            try database.record(
                Fixtures.fetch(
                    url, at: Fixtures.t0 + Double(index * 60),
                    [ScoredEntry(entry: entry, mentions: [Fixtures.mention("Orange", .negative)])]))
        }
        #expect(
            try database.mentionCounts() == [
                MentionCount(brand: "Orange", total: 1, negative: 1, neutral: 0, positive: 0)
            ])
        #expect(try database.sources().map(\.entriesCount) == [1, 1, 1])
    }

    @Test func shortTitlesAloneDoNotMergeStoriesAcrossSources() throws {
        let database = try Fixtures.database()
        try database.record(
            Fixtures.fetch(
                a,
                [
                    ScoredEntry(
                        entry: Fixtures.entry(id: "1", title: "Orange", text: "Orange"),
                        mentions: [Fixtures.mention("Orange")])
                ]))
        let summary = try database.record(
            Fixtures.fetch(
                b,
                [
                    ScoredEntry(
                        entry: Fixtures.entry(id: "2", title: "Orange", text: "Orange"),
                        mentions: [Fixtures.mention("Orange")])
                ]))
        #expect(summary.newEntries == 1)
        #expect(try database.mentions(MentionFilter()).count == 2)
    }

    @Test func itemsOfOneFeedWithDistinctGuidsStayDistinctEvenWithOneLink() throws {
        let database = try Fixtures.database()
        let entries = (0..<3).map { index in
            ScoredEntry(
                entry: Fixtures.entry(
                    id: "post-\(index)", link: "https://shop.example/",
                    text: "Orange annonce numéro \(index) de la semaine"),
                mentions: [Fixtures.mention("Orange")])
        }
        let summary = try database.record(Fixtures.fetch(a, entries))
        #expect(summary.newEntries == 3)
        #expect(
            try database.record(Fixtures.fetch(a, at: Fixtures.t0 + 900, entries))
                == FetchSummary(duplicatesWithinSource: 3))
        #expect(try database.mentions(MentionFilter()).count == 3)
    }

    @Test func recordingTheSameFetchTwiceStoresNothingTwice() throws {
        let database = try Fixtures.database()
        let fetch = Fixtures.fetch(a, Fixtures.stories(50))
        let first = try database.record(fetch)
        #expect(first.newEntries == 50)
        #expect(first.mentionsStored == 50)
        let second = try database.record(fetch)
        #expect(second == FetchSummary(duplicatesWithinSource: 50))
        #expect(try database.mentions(MentionFilter()).count == 50)
        let source = try #require(try database.source(url: a))
        #expect(source.entriesCount == 50)
        #expect(source.mentionsCount == 50)
    }

    @Test func anEntryRepeatedInsideOneFetchIsStoredOnce() throws {
        let database = try Fixtures.database()
        let story = Fixtures.stories(1)[0]
        let summary = try database.record(Fixtures.fetch(a, [story, story]))
        #expect(summary.newEntries == 1 && summary.duplicatesWithinSource == 1 && summary.mentionsStored == 1)
    }

    @Test func emptyEntriesAreCountedAndNotStored() throws {
        let database = try Fixtures.database()
        let summary = try database.record(
            Fixtures.fetch(a, [ScoredEntry(entry: FeedEntry(id: "  ", link: "", text: " "))]))
        #expect(summary == FetchSummary(emptyEntries: 1))
    }

    @Test func theSameBrandTwiceInOneEntryIsOneMention() throws {
        let database = try Fixtures.database()
        let entry = ScoredEntry(
            entry: Fixtures.entry(id: "1", text: "Orange, Orange"),
            mentions: [Fixtures.mention("Orange"), Fixtures.mention("Orange")])
        #expect(try database.record(Fixtures.fetch(a, [entry])).mentionsStored == 1)
    }

    @Test func aFetchForAnUnknownSourceIsRefusedAndWritesNothing() throws {
        let database = try Fixtures.database()
        #expect {
            try database.record(Fixtures.fetch("https://nowhere.example/feed", Fixtures.stories(2)))
        } throws: { error in
            (error as? StoreError)?.code == .unknownSource
                && (error as? StoreError)?.subject == "https://nowhere.example/feed"
        }
        #expect(try database.mentions(MentionFilter()).isEmpty)
    }

    @Test func aFailureInTheMiddleOfAFetchRollsTheWholeFetchBack() throws {
        let database = try Fixtures.database()
        var entries = Fixtures.stories(5)
        // A score that is not a number (a scorer bug) is refused when the fifth entry is written.
        entries[4].mentions[0].sentiment.score = .nan
        #expect {
            try database.record(Fixtures.fetch(a, etag: "\"v2\"", entries))
        } throws: { error in
            (error as? StoreError)?.code == .invalidValue
                && (error as? StoreError)?.subject == "https://news.example/s/4"
        }
        #expect(try database.mentions(MentionFilter()).isEmpty)
        let source = try #require(try database.source(url: a))
        #expect(source.lastFetchAt == nil)
        #expect(source.etag == nil)
        #expect(source.entriesCount == 0)
        // The same fetch, fixed, then goes through whole.
        entries[4].mentions[0].sentiment.score = -0.5
        #expect(try database.record(Fixtures.fetch(a, entries)).newEntries == 5)
    }
}

@Suite struct MentionTimeTests {
    static let seen = Fixtures.t0
    static let past = Fixtures.t0 - 3_600
    static let slightlyAhead = Fixtures.t0 + 120
    static let future = Fixtures.t0 + 86_400

    @Test(arguments: [
        (past as Date?, nil as Date?, past),
        (nil, past, past),
        (past, Fixtures.t0 - 60, past),
        (nil, nil, seen),
        (future, nil, seen),
        (nil, future, seen),
        (slightlyAhead, nil, slightlyAhead),
    ])
    func mentionTimeRule(published: Date?, updated: Date?, expected: Date) throws {
        #expect(VigieDatabase.mentionTime(published: published, updated: updated, firstSeen: Self.seen) == expected)
        let database = try Fixtures.database()
        let entry = Fixtures.entry(id: "1", text: "Orange", published: published, updated: updated)
        try database.record(
            Fixtures.fetch(
                "https://a.example/feed", at: Self.seen,
                [ScoredEntry(entry: entry, mentions: [Fixtures.mention("Orange")])]))
        let row = try #require(try database.mentions(MentionFilter()).first)
        #expect(row.time == expected)
        #expect(row.firstSeenAt == Self.seen)
    }
}

@Suite struct UnseenEntriesTests {
    let a = "https://a.example/feed"
    let b = "https://b.example/feed"

    @Test func onlyEntriesTheSourceHasNotGivenAreLeftToScore() throws {
        let database = try Fixtures.database()
        let stories = Fixtures.stories(4)
        try database.record(Fixtures.fetch(a, Array(stories.prefix(2))))
        var entries = stories.map(\.entry)
        entries.append(FeedEntry(text: "  "))  // nothing to identify it
        entries.append(stories[3].entry)  // repeated in the same document
        #expect(try database.unseenEntries(entries, sourceURL: a) == [2, 3])
        // Another source has seen none of them.
        #expect(try database.unseenEntries(entries, sourceURL: b) == [0, 1, 2, 3])
        #expect(throws: StoreError.self) { try database.unseenEntries(entries, sourceURL: "https://c.example/feed") }
    }

    @Test func aLinkWithNewTrackingParametersIsNotNew() throws {
        let database = try Fixtures.database()
        try database.record(
            Fixtures.fetch(
                a, [ScoredEntry(entry: Fixtures.entry(link: "https://n.example/1?utm_source=rss", text: "Orange"))]))
        let again = Fixtures.entry(link: "https://n.example/1?utm_source=newsletter&utm_medium=mail", text: "Orange")
        #expect(try database.unseenEntries([again], sourceURL: a).isEmpty)
    }
}
