import Foundation
import VigieCore
import VigieStore

/// Builders for the export and chart tests: every value is written here.
enum ExportFixtures {
    static let source = "https://news.example/feed"

    /// An ISO 8601 instant with an offset, e.g. `2026-03-29T01:30:00+01:00`.
    static func date(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad fixture date \(text)") }
        return date
    }

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else { fatalError("unknown zone \(identifier)") }
        return zone
    }

    /// One stored mention to make: brand, time, label, score, title.
    struct Story {
        var brand: String
        var time: Date
        var label: Sentiment.Label
        var score: Double
        var title: String = "Story"
        var text: String = "A story about the brand."
        var language: Language = .english
    }

    /// An in-memory database holding `stories`, each its own entry.
    static func database(_ stories: [Story]) throws -> VigieDatabase {
        let database = try VigieDatabase.inMemory()
        let fetched = date("2030-01-01T00:00:00Z")
        try database.syncSources([SourceDefinition(url: source, name: "News", kind: "rss")], now: fetched)
        let entries = stories.enumerated().map { index, story in
            ScoredEntry(
                entry: FeedEntry(
                    id: "story-\(index)", title: story.title, link: "https://news.example/\(index)",
                    published: story.time, updated: nil, text: "\(story.text) #\(index)"),
                mentions: [
                    BrandMention(
                        brand: story.brand, matchedTerms: [story.brand.lowercased()],
                        sentiment: Sentiment(
                            language: story.language, score: story.score, label: story.label,
                            positive: story.label == .positive ? 0.7 : 0.1,
                            negative: story.label == .negative ? 0.7 : 0.1, neutral: 0.2))
                ])
        }
        _ = try database.record(
            FetchRecord(
                sourceURL: source, fetchedAt: fetched, outcome: .fetched(status: 200), etag: nil, lastModified: nil,
                nextPollAt: fetched, consecutiveFailures: 0, entries: entries))
        return database
    }

    static func alert(_ brand: String, _ severity: AlertSeverity, at start: Date, seconds: Int = 3600) -> StoredAlert {
        StoredAlert(
            brand: brand, kind: .negativeSpike, severity: severity, bucketStart: start, bucketSeconds: seconds,
            raisedAt: start.addingTimeInterval(TimeInterval(seconds)), count: 10, negativeCount: 8, baseline: 1.5,
            share: 0.8)
    }
}
