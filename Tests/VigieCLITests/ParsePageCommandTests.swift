import Foundation
import Testing
import VigieTestSupport

/// `vigie parse PAGE` says what a page yields and how each entry was found, before it is watched.
@Suite struct ParsePageCommandTests {
    static let thread = """
        <html lang="fr"><head><meta charset="utf-8"><title>Panne Lumio ?</title>
        <link rel="canonical" href="https://forum.example/t/1"></head><body>
        <nav><a href="/">Accueil</a></nav>
        <div class="thread">
        <div class="post" id="p1"><span class="username">marc75</span><time datetime="2024-05-06T08:00:00Z">6 mai</time>
          <p>Plus de connexion chez Lumio depuis ce matin, quelqu'un d'autre ?</p></div>
        <div class="post" id="p2"><span class="username">julie_b</span><time datetime="2024-05-06T08:20:00Z">6 mai</time>
          <p>Pareil ici, la box Lumio clignote orange et le support ne répond pas.</p></div>
        <div class="post" id="p3"><span class="username">anonyme</span><time datetime="2024-05-06T08:45:00Z">6 mai</time>
          <p>Chez moi tout fonctionne, la fibre Lumio tient bon à Nantes.</p></div>
        </div></body></html>
        """

    @Test func aPageLinePrintsItsItemsTheMethodAndItsPassages() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write("thread.html", Self.thread)
        let result = try VigieBinary.run(["parse", page.path])
        #expect(result.status == 0)
        let line = try #require(try result.jsonLines().first)
        let entries = try #require(line["entries"] as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries.map { $0["found_by"] as? String } == Array(repeating: "repeated_blocks", count: 3))
        #expect(entries.map { $0["author"] as? String } == ["marc75", "julie_b", "anonyme"])
        #expect(entries.map { $0["link"] as? String } == (1...3).map { "https://forum.example/t/1#p\($0)" })
        let passages = try #require(line["passages"] as? [[String: Any]])
        #expect(passages.count >= 3)
    }
}
