import Testing
import VigieStore

@Suite struct ContentHashTests {
    @Test func caseAccentsPunctuationAndSpacingDoNotChangeTheHash() throws {
        let a = try #require(
            ContentHash(title: "Panne géante chez Orange", text: "Le réseau   est coupé, depuis ce matin !"))
        let b = try #require(
            ContentHash(title: "PANNE GEANTE CHEZ ORANGE", text: "le reseau est coupe depuis ce matin"))
        #expect(a == b)
    }

    @Test func differentWordsGiveDifferentHashes() throws {
        let a = try #require(ContentHash(title: "Panne chez Orange", text: "Le réseau est coupé"))
        let b = try #require(ContentHash(title: "Panne chez Orange", text: "Le réseau est rétabli"))
        #expect(a.value != b.value)
    }

    @Test func wordBoundariesCount() throws {
        let a = try #require(ContentHash(title: nil, text: "orange ade"))
        let b = try #require(ContentHash(title: nil, text: "orangeade"))
        #expect(a.value != b.value)
    }

    @Test func nothingToHashGivesNil() {
        #expect(ContentHash(title: nil, text: "") == nil)
        #expect(ContentHash(title: "  ", text: "— … !") == nil)
    }

    @Test func shortTextsDoNotIdentifyAStoryAcrossSources() throws {
        #expect(try #require(ContentHash(title: "Breaking news", text: "")).identifiesAcrossSources == false)
        #expect(
            try #require(ContentHash(title: "Orange augmente ses tarifs", text: "Orange augmente ses tarifs en mars"))
                .identifiesAcrossSources)
    }
}

@Suite struct ContentHashNormalisationTests {
    @Test(arguments: [
        ("Cafe\u{301} de\u{301}ja\u{300} ferme\u{301}", "Café déjà fermé"),
        ("ÉLÈVES À L’ÉCOLE", "eleves a l ecole"),
        ("Straße", "STRASSE"),
        ("Ça coûte 12 €", "ca coute 12"),
        ("«Orange» — “panne”", "orange panne"),
    ])
    func equivalentWritingsGiveOneHash(first: String, second: String) throws {
        let a = try #require(ContentHash(title: nil, text: first))
        let b = try #require(ContentHash(title: nil, text: second))
        #expect(a == b)
    }

    @Test func titleAndTextAreSeparateWords() throws {
        let joined = try #require(ContentHash(title: "Orange", text: "panne"))
        let glued = try #require(ContentHash(title: nil, text: "Orangepanne"))
        let spaced = try #require(ContentHash(title: nil, text: "Orange panne"))
        #expect(joined != glued)
        #expect(joined == spaced)
    }

    @Test func lengthCountsCharactersNotBytes() throws {
        #expect(try #require(ContentHash(title: nil, text: "été")).normalisedLength == 3)
        #expect(try #require(ContentHash(title: nil, text: "日本語")).normalisedLength == 3)
        #expect(try #require(ContentHash(title: nil, text: "a  b")).normalisedLength == 3)
    }
}
