import Foundation
import Testing
import VigieCore
import VigieFetch
import VigieStore
import VigieTestSupport
import VigieWatch

/// A page watched without selectors: what appears on it from one fetch to the next is a mention, and
/// nothing else is.
@Suite(.serialized, .timeLimit(.minutes(2))) struct WatchedPageTests {
    typealias Post = (id: String, author: String, date: String, text: String)

    static let posts: [Post] = [
        ("p1", "marc75", "2024-05-06T08:00:00Z", "Plus de connexion chez Lumio depuis ce matin, quelqu'un d'autre ?"),
        (
            "p2", "julie_b", "2024-05-06T08:20:00Z",
            "Pareil ici, la box Lumio clignote orange et le support ne répond pas."
        ),
        ("p3", "anonyme", "2024-05-06T08:45:00Z", "Chez moi tout fonctionne, la fibre Lumio tient bon à Nantes."),
    ]
    static let added: [Post] = [
        (
            "p4", "karim", "2024-05-06T09:10:00Z",
            "Panne totale chez Lumio depuis ce matin, scandale, trois heures sans rien."
        ),
        (
            "p5", "sophie", "2024-05-06T09:30:00Z",
            "Lumio annonce un retour à la normale vers midi sur son compte officiel."
        ),
    ]

    /// A forum thread: menu, posts, a sidebar and a footer.
    static func thread(
        _ posts: [Post], menu: String = "Accueil", sidebar: String = "Sujets populaires", footer: String = "© 2024"
    ) -> String {
        let body = posts.map { post in
            """
            <div class="post" id="\(post.id)">
              <div class="post-head"><span class="username">\(post.author)</span>
                <time datetime="\(post.date)">le 6 mai</time></div>
              <div class="message"><p>\(post.text)</p></div>
              <div class="post-actions"><a href="#reply">Répondre</a> <a href="#report">Signaler</a></div>
            </div>

            """
        }.joined()
        return """
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Panne Lumio ? - Forum</title></head>
            <body>
            <nav class="menu"><a href="/">\(menu)</a> <a href="/forum">Forum</a></nav>
            <div class="thread"><h1>Panne Lumio ?</h1>
            \(body)
            </div>
            <div class="sidebar"><p>\(sidebar)</p></div>
            <footer><p>\(footer)</p></footer>
            </body></html>
            """
    }

    /// Watches `first`, then `second`, and returns the mentions the second pass stored.
    func mentionsAdded(first: String, second: String) async throws -> (added: [MentionRow], firstPass: Int) {
        let folder = try TemporaryFolder()
        let file = try folder.write("thread.html", first)
        let database = try VigieDatabase.inMemory()
        let source = SourceSettings(name: "forum", url: file, kind: .auto, interval: .seconds(900))
        let (watcher, fetcher) = try WatcherTests().watcher([source], database: database)
        let before = try await watcher.runOnce()
        #expect(before.fetched == 1)
        let known = Set(try database.mentions(MentionFilter()).map(\.id))
        _ = try folder.write("thread.html", second)
        let after = try await watcher.runOnce()
        #expect(after.fetched == 1)
        try await fetcher.shutdown()
        let added = try database.mentions(MentionFilter()).filter { !known.contains($0.id) }
        return (added, before.mentions)
    }

    @Test func twoNewPostsAreExactlyTwoNewMentionsWithTheirOwnText() async throws {
        let (added, first) = try await mentionsAdded(
            first: Self.thread(Self.posts), second: Self.thread(Self.posts + Self.added))
        #expect(first == 3)
        try #require(added.count == 2)
        let byText = added.sorted { $0.text < $1.text }
        #expect(byText.map(\.text) == [Self.added[1].text, Self.added[0].text])
        for mention in added {
            let post = try #require(Self.added.first { $0.text == mention.text })
            #expect(mention.brand == "Lumio")
            #expect(mention.link?.hasSuffix("#\(post.id)") == true)
            #expect(RFC3339.format(mention.time) == post.date)
            #expect(!mention.text.contains(Self.posts[0].text))
        }
    }

    @Test func aChangeToTheMenuFooterOrSidebarAloneGivesNothing() async throws {
        let (added, _) = try await mentionsAdded(
            first: Self.thread(Self.posts),
            second: Self.thread(
                Self.posts, menu: "Accueil Lumio, nouveautés", sidebar: "Lumio : les sujets les plus lus cette semaine",
                footer: "© 2025 Lumio forum, tous droits réservés"))
        #expect(added.isEmpty)
    }

    @Test func aPostEditedByOneWordGivesNothing() async throws {
        var edited = Self.posts
        edited[1].text = edited[1].text.replacingOccurrences(of: "ne répond pas", with: "ne répond jamais")
        let (added, _) = try await mentionsAdded(first: Self.thread(Self.posts), second: Self.thread(edited))
        #expect(added.isEmpty)
    }

    @Test func theFirstFetchOfAnArticleStoresItAndItsNewParagraphsLater() async throws {
        let paragraph = "Le fabricant Lumio rappelle cent mille lampes connectées après plusieurs départs de feu."
        let page = { (extra: String) in
            """
            <html><head><title>Rappel Lumio</title></head><body><article><h1>Rappel Lumio</h1>
            <p>\(paragraph)</p><p>Les clients seront remboursés, précise l'entreprise dans un communiqué publié lundi.</p>
            \(extra)</article></body></html>
            """
        }
        let update = "Mise à jour : Lumio étend le rappel aux modèles vendus en Belgique et en Suisse depuis mars."
        let (added, first) = try await mentionsAdded(first: page(""), second: page("<p id=\"maj\">\(update)</p>"))
        #expect(first == 1)
        try #require(added.count == 1)
        #expect(added[0].text == update)
        #expect(added[0].link?.hasSuffix("#maj") == true)
    }
}
