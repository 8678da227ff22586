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
