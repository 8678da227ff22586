import Testing
import VigieCore
import VigieScore

/// The tokenizer is internal; these cases check what it does through the scores it leads to.
@Suite struct TokenizerBehaviourTests {
    static let sameScore: [(String, String, Language)] = [
        // Elision with either apostrophe, and a detached one.
        ("c'est nul", "c’est nul", .french),
        ("l'arnaque", "arnaque", .french),
        ("qu’il est beau", "qu'il est beau", .french),
        // Hashtags are split into words; URLs and handles are ignored.
        ("#arnaque", "arnaque", .french),
        ("@acme scam https://acme.example", "scam", .english),
        // Punctuation glued to words does not hide them.
        ("(excellent)", "excellent", .english),
        ("bon,pas cher", "bon, pas cher", .french),
    ]

    @Test(arguments: sameScore)
    func equivalentSpellingsScoreAlike(_ a: String, _ b: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        let x = scorer.score(a, language: language)
        let y = scorer.score(b, language: language)
        #expect(abs(x.score - y.score) < 0.15)
        #expect(x.label == y.label)
        #expect(x.label != .neutral)
    }

    @Test func aHyphenatedWordIsFoundWholeOrByItsParts() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("un chef-d'œuvre", language: .french).label == .positive)
        #expect(scorer.score("super-génial", language: .french).label == .positive)
    }

    @Test func invalidUTF8IsTolerated() throws {
        let scorer = try ScorerFixture.scorer()
        var scratch = ScoringScratch()
        let bytes: [UInt8] = [0x6E, 0x75, 0x6C, 0xFF, 0xC3, 0x20, 0x61, 0x72, 0x6E, 0x61, 0x71, 0x75, 0x65, 0xE2]
        let s = bytes.withUnsafeBufferPointer { scorer.score(utf8: $0, language: .french, scratch: &scratch) }
        #expect(s.label == .negative)
    }
}
