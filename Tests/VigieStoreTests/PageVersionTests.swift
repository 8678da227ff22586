import Foundation
import Testing
import VigieCore
import VigieStore

/// A watched page's passages: what is new, and what is only retouched.
@Suite struct PageVersionTests {
    static let post =
        "Panne totale chez Ardoise Télécom depuis ce matin, plus d'internet ni de téléphone dans tout le quartier, scandale."

    @Test func aPassageEditedByOneWordIsNotNew() {
        let version = PageVersion(texts: ["Bienvenue sur le forum.", Self.post])
        #expect(!version.isNew(Self.post))
        #expect(!version.isNew(Self.post.replacingOccurrences(of: "scandale", with: "inadmissible")))
        #expect(!version.isNew(Self.post.replacingOccurrences(of: "quartier", with: "quartir")))
        #expect(!version.isNew(Self.post.uppercased()))
    }

    @Test func aCounterThatMovedIsNotNew() {
        let version = PageVersion(texts: ["Vu 1 204 fois, 12 réponses"])
        #expect(!version.isNew("Vu 1 377 fois, 15 réponses"))
    }

    @Test func anotherPostIsNew() {
        let version = PageVersion(texts: [Self.post])
        #expect(version.isNew("Chez moi aussi, Ardoise ne répond plus au service client depuis trois jours."))
        #expect(version.isNew("Rétabli à 14 h, merci Ardoise."))
        // A reply quoting the post, with words of its own, is a new passage.
        #expect(
            version.isNew(
                Self.post
                    + " Même chose ici à Lyon, et le service client raccroche au bout de dix minutes d'attente, trois fois de suite, sans jamais répondre à la moindre question."
            ))
    }

    @Test func theStoreKeepsTheLastVersionOfAPage() throws {
        let database = try VigieDatabase.inMemory()
        let url = "https://forum.example/t/1"
        try database.syncSources([SourceDefinition(url: url, name: "forum", kind: "html")], now: Date())
        #expect(try database.pageVersion(sourceURL: url) == nil)
        let first = FetchRecord(
            sourceURL: url, fetchedAt: Date(), outcome: .fetched(status: 200), nextPollAt: Date(),
            passages: [Self.post])
        try database.record(first)
        let stored = try #require(try database.pageVersion(sourceURL: url))
        #expect(!stored.isNew(Self.post))
        #expect(stored.isNew("Rétabli à 14 h, merci Ardoise."))
        // The next version replaces it; a failed fetch leaves it as it is.
        try database.record(
            FetchRecord(
                sourceURL: url, fetchedAt: Date(), outcome: .fetched(status: 200), nextPollAt: Date(),
                passages: ["Rétabli à 14 h, merci Ardoise."]))
        try database.record(
            FetchRecord(
                sourceURL: url, fetchedAt: Date(), outcome: .failed(status: 500, error: "boom"), nextPollAt: Date(),
                passages: ["Autre chose encore, sans rapport aucun."]))
        let replaced = try #require(try database.pageVersion(sourceURL: url))
        #expect(replaced.isNew(Self.post))
        #expect(!replaced.isNew("Rétabli à 14 h, merci Ardoise."))
    }

    @Test func anUnknownSourceIsAnError() throws {
        let database = try VigieDatabase.inMemory()
        #expect(throws: StoreError.self) { try database.pageVersion(sourceURL: "https://nowhere.example/") }
    }
}
