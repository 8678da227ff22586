import Testing
import VigieCore
import VigieMatch

@Suite struct MatcherTests {
    private let matcher: Matcher

    init() throws {
        matcher = Matcher(brands: [
            try Brand(name: "Orange", exclusions: [try Term("jus d'orange")], languages: [.french]),
            try Brand(name: "Acme", terms: [try Term("Acme"), try Term("@acme")]),
            try Brand(name: "Crédit Agricole", languages: [.french, .english]),
        ])
    }

    @Test func oneEntryCanMentionSeveralBrands() {
        let found = matcher.matches(in: "Orange et le Crédit Agricole s'associent avec @acme")
        #expect(found.map(\.brand) == ["Orange", "Acme", "Crédit Agricole"])
        #expect(found[1].terms == ["@acme"])
    }

    @Test func languageFilterSkipsBrands() {
        let found = matcher.matches(in: "Orange and Acme team up", language: .english)
        #expect(found.map(\.brand) == ["Acme"])
    }

    @Test func sourceFilterTriesOnlyTheNamedBrands() {
        let text = "Orange, Acme et le Crédit Agricole"
        #expect(matcher.matches(in: text, only: ["Acme"]).map(\.brand) == ["Acme"])
        #expect(matcher.matches(in: text, only: []).isEmpty)
        #expect(matcher.matches(in: text, only: nil).count == 3)
    }

    @Test func unknownLanguageKeepsEveryBrand() {
        #expect(matcher.matches(in: "Orange and Acme", language: nil).count == 2)
    }

    @Test func noMentionGivesNothing() {
        #expect(matcher.matches(in: "un jus d'orange et une orangeade").isEmpty)
        #expect(matcher.matches(in: "").isEmpty)
    }

    @Test func tokenisedTextGivesTheSameAnswer() {
        let text = "Acme rachète Orange"
        #expect(matcher.matches(in: TokenizedText(text)) == matcher.matches(in: text))
    }
}
