import Testing
import VigieMatch

@Suite struct TokenizedTextTests {
    private func words(_ text: String) -> [String] {
        TokenizedText(text).tokens.map { token in
            switch token.form {
            case .word: token.text
            case .hashtag: "#" + token.text
            case .handle: "@" + token.text
            }
        }
    }

    @Test(arguments: [
        ("L’Orange de Paris", ["l", "orange", "de", "paris"]),
        ("jus d'orange", ["jus", "d", "orange"]),
        ("Crédit-Agricole", ["credit", "agricole"]),
        ("#Orange et @orange_fr", ["#orange", "et", "@orange_fr"]),
        ("#Crédit_Agricole", ["#credit_agricole"]),
        ("contact@acme.fr", ["contact", "acme", "fr"]),
        ("C# is not a hashtag", ["c", "is", "not", "a", "hashtag"]),
        ("la 5G, enfin !", ["la", "5g", "enfin"]),
        ("  ", []),
        ("snake_case", ["snake", "case"]),
        ("#", []),
        ("«Acme»", ["acme"]),
    ])
    func cutsWords(text: String, expected: [String]) {
        #expect(words(text) == expected)
    }

    @Test func indexesPositions() {
        let text = TokenizedText("orange, Orange et ORANGE")
        #expect(text.positions(of: Token("orange")) == [0, 1, 3])
        #expect(text.positions(of: Token("orange", form: .hashtag)).isEmpty)
        #expect(text.count == 4)
    }
}
