import Testing
import VigieCore
import VigieScore

/// The complaint layer: service failures, what aggravates them, requests and irony, in French
/// and in English. Every text here was written for these tests.
@Suite struct ComplaintTests {
    static let complaints: [(String, Language)] = [
        // Telecom outages.
        ("Internet is down again in my area, third time this week", .english),
        ("My phone has had no signal since yesterday", .english),
        ("Broadband not working for 2 days and nobody answers the support line", .english),
        ("Can't log in to the app, keeps crashing", .english),
        ("Orange : trois jours sans internet", .french),
        ("La box ne marche plus depuis lundi", .french),
        ("Encore une coupure de réseau ce matin, impossible de joindre le service client", .french),
        ("Toujours pas de connexion, c'est la 3e fois ce mois-ci", .french),
        // Transport delays and cancellations.
        ("Flight cancelled and we are stranded at the airport", .english),
        ("Train delayed for 3 hours, missed my connection", .english),
        ("Mon TGV est annulé, on est bloqués en gare", .french),
        ("Vol retardé de 4 heures, correspondance ratée", .french),
        // Waiting.
        ("please help, on hold for 2 hours", .english),
        ("Still waiting for someone to call me back", .english),
        ("je suis en attente depuis 2 heures au service client", .french),
        ("Personne ne répond au téléphone depuis des jours", .french),
        // Loss, damage and delivery.
        ("They lost my luggage and nobody cares", .english),
        ("My package never arrived and the tracking says delivered", .english),
        ("Colis jamais reçu, toujours pas de réponse", .french),
        ("Ma commande est arrivée cassée", .french),
        // Money.
        ("I was charged twice for the same order", .english),
        ("Still no refund after three weeks", .english),
        ("Prélevé deux fois ce mois-ci, remboursement refusé", .french),
        ("Des frais cachés partout sur la facture", .french),
        // Irony.
        ("@Delta thanks for nothing", .english),
        ("Great, my flight is delayed again", .english),
        ("Merci pour rien", .french),
        ("Bravo, encore en panne", .french),
    ]

    @Test(arguments: complaints)
    func aComplaintIsNegative(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        let sentiment = scorer.score(text, language: language)
        #expect(sentiment.label == .negative, "\(text): \(sentiment.score)")
    }

    static let requests: [(String, Language)] = [
        ("Please help me change my seat", .english),
        ("Can you help? I need to update my address, thanks in advance", .english),
        ("pls dm me the booking reference", .english),
        ("Pouvez-vous m'aider svp ?", .french),
        ("Merci de me rappeler au plus vite", .french),
        ("Bonjour, merci d'avance pour votre retour", .french),
    ]

    @Test(arguments: requests)
    func aRequestIsNotPraise(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        let sentiment = scorer.score(text, language: language)
        #expect(sentiment.label == .neutral, "\(text): \(sentiment.score)")
    }

    static let praise: [(String, Language)] = [
        ("Thanks for the quick answer, great crew today", .english),
        ("Can't wait to fly with you again!", .english),
        ("Bravo pour ce concert, merci encore", .french),
        ("Le technicien est passé, tout marche à nouveau, merci !", .french),
    ]

    @Test(arguments: praise)
    func praiseWithoutAFailureStaysPositive(_ text: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        let sentiment = scorer.score(text, language: language)
        #expect(sentiment.label == .positive, "\(text): \(sentiment.score)")
    }

    static let aggravated: [(worse: String, plain: String, Language)] = [
        ("Lost my bag again", "Lost my bag", .english),
        ("On hold for 2 hours", "On hold", .english),
        ("On hold for two hours", "On hold", .english),
        ("Internet down for the 4th time", "Internet down", .english),
        ("Charged twice, third time this year", "Charged twice", .english),
        ("En panne depuis 3 jours", "En panne", .french),
        ("En panne depuis trois jours", "En panne", .french),
        ("Encore en retard", "En retard", .french),
        ("Colis perdu pour la 2e fois", "Colis perdu", .french),
    ]

    @Test(arguments: aggravated)
    func aStatedWaitOrARepetitionMakesItWorse(_ worse: String, _ plain: String, _ language: Language) throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score(worse, language: language).score < scorer.score(plain, language: language).score)
    }

    @Test func anAggravatorAloneCarriesNothing() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("See you again tomorrow", language: .english).label == .neutral)
        #expect(scorer.score("Il pleut encore depuis 3 jours", language: .french).label == .neutral)
    }

    @Test func aNegatedFailureIsNotAComplaint() throws {
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("My flight was not delayed", language: .english).score > 0)
    }

    @Test func explainShowsThePhraseThatFired() throws {
        let scorer = try ScorerFixture.scorer()
        let english = scorer.explain("please help, on hold for 2 hours", language: .english)
        let terms = english.contributions.map(\.term)
        #expect(terms == ["on hold", "for <n> hours"])
        #expect(english.contributions.allSatisfy { $0.valence < 0 })

        let french = scorer.explain("Bravo, encore en panne depuis 3 jours", language: .french)
        let termsFr = french.contributions.map(\.term)
        #expect(termsFr == ["bravo", "encore en panne", "depuis <n> jours"])
        #expect(french.contributions.first?.valence ?? 0 < 0)
    }
}

/// A brand's own words carry no sentiment in its mentions.
@Suite struct BrandWordsTests {
    @Test func theBrandsNameIsNotPraise() throws {
        let scorer = try ScorerFixture.scorer()
        let free = scorer.brandWords(["Free Mobile", "@free"])
        #expect(!free.isEmpty)
        // Without the brand's words, "free" is a positive word.
        #expect(scorer.score("Free Mobile shop in Leeds", language: .english).label == .positive)
        for text in ["Free Mobile shop in Leeds", "FREE MOBILE shop in Leeds", "#Free shop in Leeds"] {
            #expect(scorer.score(text, language: .english, brandWords: free).label == .neutral, "\(text)")
        }
        #expect(
            scorer.score("Free Mobile cancelled my order again", language: .english, brandWords: free).label
                == .negative)
        #expect(
            scorer.score("@free thank you, great shop today", language: .english, brandWords: free).label == .positive)
    }

    @Test func unitedIsANameForEveryText() throws {
        // "United States", "United Nations", "Manchester United": a name, as "unis" of "États-Unis".
        let scorer = try ScorerFixture.scorer()
        #expect(scorer.score("United flight to Denver", language: .english).label == .neutral)
    }

    @Test func anyCaseAndAccentsAreTheSameWord() throws {
        let scorer = try ScorerFixture.scorer()
        let brand = scorer.brandWords(["Génial Télécom"])
        for text in ["Génial Télécom ouvre une boutique", "genial telecom ouvre une boutique", "GÉNIAL TÉLÉCOM ouvre"] {
            #expect(scorer.score(text, language: .french, brandWords: brand).label == .neutral, "\(text)")
        }
        let unaccented = scorer.brandWords(["genial"])
        #expect(scorer.score("Génial ouvre une boutique", language: .french, brandWords: unaccented).label == .neutral)
    }

    @Test func handlesAndHashtagsAreTheBrandsWords() throws {
        let scorer = try ScorerFixture.scorer()
        let brand = scorer.brandWords(["@SuperFresh", "#GreatDeals"])
        #expect(scorer.score("#GreatDeals at SuperFresh", language: .english, brandWords: brand).label == .neutral)
        #expect(scorer.score("Super fresh bread", language: .english, brandWords: brand).label == .neutral)
    }

    @Test func grammaticalWordsAreNotTheBrands() throws {
        let scorer = try ScorerFixture.scorer()
        // "la" is a function word and "poste" no sentiment word: nothing to neutralise.
        #expect(scorer.brandWords(["La Poste", "@laposte"]).isEmpty)
        // "not" keeps negating in a brand's mention even when the brand's name holds it.
        let brand = scorer.brandWords(["Not Boring Games"])
        #expect(!brand.isEmpty)
        #expect(scorer.score("Not Boring Games: not good", language: .english, brandWords: brand).score < 0)
        #expect(scorer.score("Not Boring Games is fun", language: .english, brandWords: brand).score > 0)
    }
}
