import Testing
import VigieCore
import VigieScore

/// One rule case: a text, its language, and how its score compares with a reference text.
struct Comparison: CustomTestStringConvertible, Sendable {
    var text: String
    var language: Language
    /// The text it must score below (`<`) or above (`>`).
    var reference: String
    var higher: Bool

    var testDescription: String { "\(text) \(higher ? ">" : "<") \(reference)" }
}

@Suite struct NegationTests {
    static let negated: [(String, Language)] = [
        ("Ce produit n'est pas bon", .french),
        ("C'est pas bon", .french),
        ("Ce n’est vraiment pas génial", .french),
        ("Je n'aime plus cette marque", .french),
        ("J'aime pas ce service", .french),
        ("Ce n'est jamais satisfaisant", .french),
        ("This product is not good", .english),
        ("This product isn't good", .english),
        ("It was never good", .english),
        ("I don't like this brand", .english),
    ]

    @Test(arguments: negated)
    func negationTurnsPraiseNegative(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).score < 0)
    }

    static let negatedComplaints: [(String, Language)] = [
        ("Livraison sans problème", .french),
        ("Jamais déçu par ce magasin", .french),
        ("Not bad at all", .english),
        ("The refund was not a problem", .english),
    ]

    @Test(arguments: negatedComplaints)
    func negationTurnsComplaintsPositive(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).score > 0)
    }

    @Test func plusWithoutNeIsAComparativeNotANegation() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("Le nouveau modèle est plus beau", language: .french).score > 0)
        #expect(scorer.score("Le nouveau modèle n'est plus beau", language: .french).score < 0)
    }

    static let raised: [(String, Language)] = [
        ("I don't think this phone is good", .english),
        ("I do not believe the new version is reliable", .english),
        ("Je ne pense pas que ce film soit bon", .french),
        ("Je pense pas que ce soit une bonne idée", .french),
    ]

    @Test(arguments: raised)
    func aNegatedOpinionVerbNegatesItsClause(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).score < 0)
    }

    @Test func negationDoesNotCrossASentence() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("Je ne sais pas. Excellent produit", language: .french).score > 0)
        #expect(scorer.score("I do not know. Excellent product", language: .english).score > 0)
    }
}

@Suite struct IdiomTests {
    static let cases: [(String, Language, Sentiment.Label)] = [
        ("Franchement pas mal", .french, .positive),
        ("Ce n'est pas mal du tout", .french, .positive),
        ("Le film est pas terrible", .french, .negative),
        ("Un service à chier", .french, .negative),
        ("Une vraie perte de temps", .french, .negative),
        ("Rappel de produit chez Acme", .french, .negative),
        ("Fuite de données chez Acme", .french, .negative),
        ("Not bad", .english, .positive),
        ("That was the kiss of death", .english, .negative),
        ("I couldn't be happier", .english, .positive),
        ("Acme announces a data breach", .english, .negative),
        ("A product recall at Acme", .english, .negative),
    ]

    @Test(arguments: cases)
    func idiomsAreScoredAsOneUnit(_ text: String, _ language: Language, _ label: Sentiment.Label) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).label == label)
    }

    @Test func neutralisingPhrasesCarryNoSentiment() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("bien sûr", language: .french).label == .neutral)
        #expect(scorer.score("le service client", language: .french).label == .neutral)
        #expect(scorer.score("customer service", language: .english).label == .neutral)
    }
}

@Suite struct ModifierTests {
    static let comparisons: [Comparison] = [
        Comparison(text: "très bon", language: .french, reference: "bon", higher: true),
        Comparison(text: "vraiment génial", language: .french, reference: "génial", higher: true),
        Comparison(text: "un peu décevant", language: .french, reference: "décevant", higher: true),
        Comparison(text: "trop nul", language: .french, reference: "nul", higher: false),
        Comparison(text: "very good", language: .english, reference: "good", higher: true),
        Comparison(text: "kind of good", language: .english, reference: "good", higher: false),
        Comparison(text: "extremely bad", language: .english, reference: "bad", higher: false),
        // Emphasis: exclamation marks, capitals among lower-case words, elongation.
        Comparison(text: "bon!!!", language: .french, reference: "bon", higher: true),
        Comparison(text: "good!!!", language: .english, reference: "good", higher: true),
        Comparison(text: "this is GOOD", language: .english, reference: "this is good", higher: true),
        Comparison(text: "c'est nuuuul", language: .french, reference: "c'est nul", higher: false),
        Comparison(text: "soooo good", language: .english, reference: "so good", higher: true),
    ]

    @Test(arguments: comparisons)
    func modifiersMoveTheScore(_ c: Comparison) throws {
        let scorer = try ScorerFixture.scorer()
        let text = scorer.score(c.text, language: c.language).score
        let reference = scorer.score(c.reference, language: c.language).score
        if c.higher {
            #expect(text > reference)
        } else {
            #expect(text < reference)
        }
    }
}

@Suite struct ContrastTests {
    static let cases: [(String, Language, Sentiment.Label)] = [
        ("Le design est beau mais la batterie est nulle", .french, .negative),
        ("La livraison était lente, pourtant le produit est excellent", .french, .positive),
        ("The screen is great but the battery is awful", .english, .negative),
        ("The delivery was slow but the product is excellent", .english, .positive),
    ]

    @Test(arguments: cases)
    func theClauseAfterTheContrastWeighsMore(_ text: String, _ language: Language, _ label: Sentiment.Label) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).label == label)
    }
}

@Suite struct VocabularyTests {
    static let complaints: [(String, Language)] = [
        ("arnaque", .french), ("Quelle arnaque", .french), ("encore une panne", .french),
        ("appel au boycott", .french), ("#BoycottAcme", .french), ("c'est un scandale", .french),
        ("service client injoignable", .french), ("scam", .english), ("another outage", .english),
        ("total ripoff", .english), ("#BoycottAcme", .english), ("what a scandal", .english),
    ]

    @Test(arguments: complaints)
    func brandMonitoringComplaintsAreNegative(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).label == .negative)
    }

    static let variants: [(String, Language, Sentiment.Label)] = [
        ("decu", .french, .negative),  // typed without accents
        ("décevantes", .french, .negative),  // inflected form derived from the lexicon
        ("géniales", .french, .positive),
        ("GENIAL", .french, .positive),
        ("c’est top", .french, .positive),  // typographic apostrophe
        ("😍", .english, .positive), ("😡", .french, .negative),
        (":)", .english, .positive), (":-(", .french, .negative),
    ]

    @Test(arguments: variants)
    func formsOfAWordAreFound(_ text: String, _ language: Language, _ label: Sentiment.Label) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(text, language: language).label == label)
    }

    @Test func likeIsPraiseOnlyAsAVerb() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("I like this phone", language: .english).label == .positive)
        #expect(scorer.score("It looks like rain", language: .english).label == .neutral)
    }

    @Test func urlsAndHandlesCarryNoSentiment() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("@superbe https://excellent.example/great", language: .french).label == .neutral)
    }
}
