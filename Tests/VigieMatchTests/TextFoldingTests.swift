import Testing
import VigieMatch

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Élise", "elise"),
        ("ÉCOLE", "ecole"),
        ("Œuvre", "oeuvre"),
        ("cœur", "coeur"),
        ("Straße", "strasse"),
        ("ẞ", "ss"),
        ("Æther", "aether"),
        ("ﬁnance", "finance"),
        ("Ｏｒａｎｇｅ", "orange"),
        ("d’Acme", "d'acme"),
        ("l‘Orange", "l'orange"),
        ("Ça", "ca"),
        ("naïve", "naive"),
        ("İstanbul", "istanbul"),
        ("Łódź", "lodz"),
        ("Øresund", "oresund"),
        ("plain ascii 123", "plain ascii 123"),
    ])
    func foldsCaseAccentsAndLigatures(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test func decomposedAndComposedAccentsFoldAlike() {
        let composed = "\u{00E9}t\u{00E9}"
        let decomposed = "e\u{0301}te\u{0301}"
        #expect(TextFolding.fold(composed) == TextFolding.fold(decomposed))
        #expect(TextFolding.fold(decomposed) == "ete")
    }
}
