import Foundation
import Testing
import VigieCore
import VigieScore

@Suite struct SentimentScorerTests {
    static let texts = [
        "", "   ", "Génial !", "Le service client est nul, une vraie arnaque !",
        "I love it", "Not good. NOT GOOD AT ALL!!!", "😍😍😍", "\u{FFFD}\u{0301}", "?!?!",
        String(repeating: "excellent ", count: 500),
    ]

    @Test(arguments: texts)
    func scoresStayInRangeAndProportionsSumToOne(_ text: String) throws {
        let scorer = try ScorerFixture.scorer()
        for language in [Language.french, .english, nil] {
            let s = scorer.score(text, language: language)
            #expect(s.score >= -1 && s.score <= 1)
            #expect(abs(s.positive + s.negative + s.neutral - 1) < 1e-9)
            #expect(s.label == scorer.label(for: s.score))
        }
    }

    @Test func anEmptyTextIsNeutral() throws {
        let s = try ScorerFixture.scorer().score("", language: .french)
        #expect(s.label == .neutral)
        #expect(s.score == 0)
        #expect(s.neutral == 1)
    }

    static let thresholds: [(Double, Sentiment.Label)] = [
        (0.05, .positive), (0.049, .neutral), (0, .neutral), (-0.049, .neutral), (-0.05, .negative), (1, .positive),
    ]

    @Test(arguments: thresholds)
    func labelsFollowTheDocumentedThresholds(_ score: Double, _ label: Sentiment.Label) throws {
        #expect(try ScorerFixture.scorer().label(for: score) == label)
    }

    @Test func explainingNamesTheTermsThatDroveTheScore() throws {
        let scored = try ScorerFixture.scorer().explain("Pas mal du tout, mais quelle arnaque", language: .french)
        let terms = scored.contributions.map(\.term)
        #expect(terms.contains("pas mal"))
        #expect(terms.contains("arnaque"))
        let arnaque = try #require(scored.contributions.first { $0.term == "arnaque" })
        #expect(arnaque.valence < 0)
        #expect(scored.sentiment.label == .negative)
    }

    static let languages: [(String, Language)] = [
        ("Le service client est nul", .french), ("The customer service is awful", .english),
        ("Génial", .french), ("j'adore", .french), ("C'est top", .french), ("I love it", .english),
        ("Livraison rapide, produit conforme", .french), ("Fast delivery, works as described", .english),
        ("#BoycottAcme c'est une honte", .french), ("what a scam", .english),
        // "a" is English's article as much as French's "has": it must not tip a short English text.
        ("Lumio outage, a total disaster", .english), ("il a un vol demain", .french),
    ]

    @Test(arguments: languages)
    func theLanguageIsGuessedFromTheText(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.guessLanguage(text) == language)
        #expect(scorer.score(text).language == language)
    }

    @Test func theForcedLanguageWins() throws {
        #expect(try ScorerFixture.scorer().score("Le service client est nul", language: .english).language == .english)
    }

    @Test func escapedApostrophesAreDecoded() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(#"I don\u2019t like it"#, language: .english).label == .negative)
    }

    @Test func domainTermsOverrideTheDefaults() throws {
        let directory = try LexiconLocator.locate(explicit: nil, environment: [:])
        let folder = try ScorerFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let terms = folder.appendingPathComponent("acme.tsv")
        try "# our own terms\nrupture\t-2.5\nexcellent\t0\nfidélité acme\t2\n".write(
            to: terms, atomically: true, encoding: .utf8)
        let scorer = try SentimentScorer(lexicons: directory, overrides: [terms])
        #expect(scorer.score("rupture de stock", language: .french).label == .negative)
        #expect(scorer.score("excellent", language: .english).label == .neutral)
        #expect(scorer.score("la fidélité Acme", language: .french).label == .positive)
    }
}
