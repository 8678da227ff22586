import Testing
import VigieCore
import VigieMatch

@Suite struct BrandTests {
    private func brand(
        _ name: String, terms: [String] = [], query: String? = nil, exclusions: [String] = []
    ) throws -> Brand {
        try Brand(
            name: name, terms: try terms.map { try Term($0) }, query: try query.map { try Query(parsing: $0) },
            exclusions: try exclusions.map { try Term($0) })
    }

    @Test(arguments: [
        ("Orange lance la 5G", true),
        ("l'Orange de Paris", true),
        ("L’ORANGE", true),
        ("une orangeade bien fraîche", false),
        ("les oranges sont mûres", false),
        ("Orange.", true),
        ("agent-orange", true),
        ("#Orange", false),
    ])
    func nameIsTheDefaultTermOnWordBoundaries(text: String, matches: Bool) throws {
        #expect((try brand("Orange").match(text) != nil) == matches)
    }

    @Test(arguments: [
        ("Le Crédit Agricole publie ses comptes", true),
        ("credit agricole", true),
        ("CRÉDIT-AGRICOLE", true),
        ("un crédit agricole bonifié pour les crédits", true),
        ("crédit et agricole", false),
        ("agricole crédit", false),
    ])
    func phrasesNeedTheirWordsInOrder(text: String, matches: Bool) throws {
        #expect((try brand("Crédit Agricole").match(text) != nil) == matches)
    }

    @Test(arguments: [
        ("#Acme en panne", ["#acme"]),
        ("merci @acme", ["@acme"]),
        ("acme tout court", []),
        ("#acme et @acme", ["#acme", "@acme"]),
    ])
    func hashtagAndHandleTermsFindOnlyTheirForm(text: String, expected: [String]) throws {
        let acme = try brand("Acme", terms: ["#acme", "@acme"])
        #expect((acme.match(text)?.terms ?? []) == expected)
    }

    @Test func elisionMatchesTheBrand() throws {
        let acme = try brand("Acme")
        #expect(acme.match("La panne d’Acme dure") != nil)
        #expect(acme.match("La panne d'Acme dure") != nil)
        #expect(acme.match("L'Acmeur") == nil)
    }

    @Test(arguments: [
        ("Orange augmente ses tarifs", true),
        ("un bon jus d'orange", false),
        ("un bon jus d’Orange pressé", false),
        ("Orange augmente ses prix, le jus d'orange aussi", true),
        ("jus d'orange et jus d'orange", false),
    ])
    func exclusionContainingATermHidesOnlyWhatItCovers(text: String, matches: Bool) throws {
        let orange = try brand("Orange", exclusions: ["jus d'orange"])
        #expect((orange.match(text) != nil) == matches)
    }

    @Test func exclusionWithoutTheTermVetoesTheEntry() throws {
        let orange = try brand("Orange", exclusions: ["football"])
        #expect(orange.match("Orange sponsor du club de football") == nil)
        #expect(orange.match("Orange sponsor du club") != nil)
    }

    @Test func queryNotIsEntryWide() throws {
        let orange = try brand("Orange", query: #"orange NOT "jus d'orange""#)
        #expect(orange.match("Orange augmente ses prix, le jus d'orange aussi") == nil)
        #expect(orange.match("Orange augmente ses prix") != nil)
    }

    @Test func termsAndQueryMustBothHold() throws {
        let acme = try brand("Acme", terms: ["Acme", "#acme"], query: "panne OR bug")
        #expect(acme.match("Acme en panne")?.terms == ["Acme", "panne"])
        #expect(acme.match("#acme bug")?.terms == ["#acme", "bug"])
        #expect(acme.match("Acme va bien") == nil)
        #expect(acme.match("panne générale") == nil)
    }

    @Test(arguments: [
        ("acme est en panne", true),
        ("panne chez acme", true),
        ("acme a eu hier une panne", true),
        ("acme a eu hier une grosse panne", false),
        ("panne", false),
    ])
    func nearCountsWordsInEitherOrder(text: String, matches: Bool) throws {
        let acme = try brand("Acme", query: "acme NEAR/5 panne")
        #expect((acme.match(text) != nil) == matches)
    }

    @Test func nearWorksWithPhrasesAndGroups() throws {
        let acme = try brand("Acme", query: #""service client" NEAR/3 (nul OR lent)"#)
        #expect(acme.match("le service client est nul")?.terms == ["service client", "nul"])
        #expect(acme.match("lent, vraiment, ce service client")?.terms == ["service client", "lent"])
        #expect(acme.match("le service après-vente client est nul") == nil)
    }

    @Test func chainedNear() throws {
        let acme = try brand("Acme", query: "acme NEAR/2 panne NEAR/2 réseau")
        #expect(acme.match("acme panne réseau") != nil)
        #expect(acme.match("acme panne du grand réseau") == nil)
    }

    @Test func recordsEveryMatchedTermOnceInQueryOrder() throws {
        let acme = try brand("Acme", terms: ["Acme", "Acme Corp", "#acme"])
        #expect(acme.match("#acme : Acme Corp, acme, ACME")?.terms == ["Acme", "Acme Corp", "#acme"])
    }

    @Test func failedBranchesRecordNothing() throws {
        let acme = try brand("Acme", query: "(acme AND panne) OR (acme AND bug) OR promo")
        #expect(acme.match("acme en panne")?.terms == ["acme", "panne"])
        #expect(acme.match("promo acme")?.terms == ["promo"])
    }

    @Test func notTermsAreNeverRecorded() throws {
        let acme = try brand("Acme", query: "acme NOT (recette OR cuisine)")
        #expect(acme.match("acme lance un produit")?.terms == ["acme"])
    }

    @Test func aQueryOfOnlyNotNeedsTerms() throws {
        #expect(throws: QueryError.self) { try brand("Acme", query: "NOT (recette OR cuisine)") }
        let acme = try brand("Acme", terms: ["Acme"], query: "NOT (recette OR cuisine)")
        #expect(acme.match("Acme lance un produit")?.terms == ["Acme"])
        #expect(acme.match("Acme, la recette") == nil)
        #expect(acme.match("une recette") == nil)
    }

    @Test func nameWithoutLettersCannotBeTheTerm() {
        #expect(throws: QueryError.self) { try Brand(name: "+++") }
    }

    @Test func keepsLanguages() throws {
        let acme = try Brand(name: "Acme", languages: [.french])
        #expect(acme.keeps(.french))
        #expect(!acme.keeps(.english))
        #expect(acme.keeps(nil))
        #expect(try Brand(name: "Acme").keeps(.english))
    }
}
