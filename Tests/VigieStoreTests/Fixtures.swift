import Foundation
import VigieCore
import VigieStore

/// Small builders for the store tests: every value is written here, none is copied.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func sentiment(_ label: Sentiment.Label, score: Double? = nil, language: Language = .french) -> Sentiment {
        let value = score ?? (label == .negative ? -0.6 : label == .positive ? 0.6 : 0)
        return Sentiment(
            language: language, score: value, label: label,
            positive: label == .positive ? 0.7 : 0.1, negative: label == .negative ? 0.7 : 0.1,
            neutral: label == .neutral ? 0.8 : 0.2)
    }

    static func mention(
        _ brand: String, _ label: Sentiment.Label = .neutral, terms: [String]? = nil, language: Language = .french
    ) -> BrandMention {
        BrandMention(
            brand: brand, matchedTerms: terms ?? [brand.lowercased()],
            sentiment: sentiment(label, language: language), topTerms: label == .negative ? ["panne"] : [])
    }

    static func entry(
        id: String? = nil, link: String? = nil, title: String? = nil, text: String,
        published: Date? = nil, updated: Date? = nil
    ) -> FeedEntry {
        FeedEntry(id: id, title: title, link: link, published: published, updated: updated, text: text)
    }

    static func fetch(
        _ url: String, at date: Date = t0, outcome: FetchRecord.Outcome = .fetched(status: 200),
        etag: String? = nil, lastModified: String? = nil, _ entries: [ScoredEntry] = []
    ) -> FetchRecord {
        FetchRecord(
            sourceURL: url, fetchedAt: date, outcome: outcome, etag: etag, lastModified: lastModified,
            nextPollAt: date.addingTimeInterval(900), consecutiveFailures: 0, entries: entries)
    }

    /// A database in memory with the given sources synced.
    static func database(sources: [String] = ["https://a.example/feed", "https://b.example/feed"]) throws
        -> VigieDatabase
    {
        let database = try VigieDatabase.inMemory()
        try database.syncSources(
            sources.map { SourceDefinition(url: $0, name: URL(string: $0)?.host ?? $0, kind: "rss") }, now: t0)
        return database
    }

    /// A fresh folder under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `count` distinct French stories about `brand`, each with its own guid and link.
    static func stories(_ count: Int, brand: String = "Orange", prefix: String = "s", start: Date = t0) -> [ScoredEntry]
    {
        (0..<count).map { index in
            ScoredEntry(
                entry: entry(
                    id: "\(prefix)-\(index)", link: "https://news.example/\(prefix)/\(index)",
                    title: "Histoire \(prefix) numéro \(index)",
                    text:
                        "Histoire \(prefix) numéro \(index) : \(brand) annonce un changement de tarifs pour ses abonnés.",
                    published: start.addingTimeInterval(TimeInterval(index * 60))),
                mentions: [mention(brand, index % 3 == 0 ? .negative : .neutral)])
        }
    }
}
