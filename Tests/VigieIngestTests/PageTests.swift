import Testing
import VigieCore
import VigieIngest

@Suite struct PageTests {
    static let article = """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
          <meta charset="utf-8">
          <title>Lumio déçoit | Le Journal</title>
          <meta property="og:title" content="Lumio déçoit ses clients">
          <meta name="description" content="Une panne générale.">
          <link rel="canonical" href="/2024/05/lumio-panne">
          <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2024-05-02T09:30:00+02:00","author":{"@type":"Person","name":"Marc Petit"}}</script>
          <style>body { color: black }</style>
        </head>
        <body>
          <header><nav><a href="/">Accueil</a> <a href="/eco">Économie</a></nav></header>
          <div class="cookie-banner">Nous utilisons des cookies. Accepter</div>
          <article>
            <h1>Lumio déçoit ses clients</h1>
            <p>Depuis lundi, les lampes connectées de Lumio ne répondent plus.</p>
            <p>Le service client reste injoignable et les remboursements tardent.</p>
            <div class="share-buttons">Partager sur X</div>
            <script>track()</script>
          </article>
          <section id="comments"><p>Premier commentaire !</p></section>
          <footer>© Le Journal</footer>
        </body>
        </html>
        """

    @Test func articlePageIsOneEntry() throws {
        let document = parse(Self.article, url: "https://journal.example/eco/article?id=1")
        #expect(document.kind == .html)
        #expect(document.version == "html")
        #expect(document.language == "fr")
        #expect(document.title == "Lumio déçoit ses clients")
        #expect(document.link == "https://journal.example/2024/05/lumio-panne")
        let entry = try #require(document.entries.first)
        #expect(document.entries.count == 1)
        #expect(entry.published.map(RFC3339.format) == "2024-05-02T07:30:00Z")
        #expect(entry.author == "Marc Petit")
        #expect(entry.text.contains("les lampes connectées de Lumio ne répondent plus"))
        #expect(entry.text.contains("remboursements tardent"))
        for furniture in ["Accueil", "cookies", "Partager", "Premier commentaire", "Le Journal", "track()", "color"] {
            #expect(!entry.text.contains(furniture), "main text should not contain \(furniture)")
        }
    }

    @Test func pageWithoutArticleUsesTheParagraphs() throws {
        let paragraph = String(repeating: "Acme livre enfin la commande attendue. ", count: 8)
        let document = parse(
            """
            <html><head><title>Blog</title></head><body>
            <div id="menu"><a href="/">Home</a></div>
            <div class="post"><time datetime="2024-01-05T12:00:00Z">5 janvier</time><p>\(paragraph)</p><p>Bravo.</p></div>
            <div class="sidebar"><p>Archives</p></div>
            </body></html>
            """)
        let entry = try #require(document.entries.first)
        #expect(entry.text.hasPrefix("Blog. "))
        #expect(entry.text.contains("Bravo."))
        #expect(!entry.text.contains("Archives"))
        #expect(!entry.text.contains("Home"))
        #expect(entry.published.map(RFC3339.format) == "2024-01-05T12:00:00Z")
    }

    @Test func xpathSelectorsCutAPageIntoItems() throws {
        let selectors = PageSelectors(
            item: "//div[@class='review']", title: ".//h3", date: ".//span[@class='date']", text: ".//p")
        let document = parse(
            """
            <html><body>
            <div class="review"><h3>Nul</h3><span class="date">2024-05-01</span><p>Arnaque totale.</p><a href="/r/1">lien</a></div>
            <div class="review"><h3>Top</h3><span class="date">2024-05-02</span><p>Très contente.</p><a href="/r/2">lien</a></div>
            </body></html>
            """, url: "https://avis.example/lumio", options: .init(selectors: selectors))
        #expect(document.entries.map(\.title) == ["Nul", "Top"])
        #expect(document.entries.map(\.text) == ["Nul. Arnaque totale.", "Top. Très contente."])
        #expect(document.entries.map(\.link) == ["https://avis.example/r/1", "https://avis.example/r/2"])
        #expect(document.entries.first?.published.map(RFC3339.format) == "2024-05-01T00:00:00Z")
    }

    @Test func invalidXPathIsAnError() {
        let document = parse(
            "<html><body><p>x</p></body></html>", options: .init(selectors: PageSelectors(item: "//div[")))
        #expect(document.error?.contains("XPath") == true)
    }

    @Test func windows1252PageWithoutCharset() throws {
        var bytes = Array("<html><body><article><p>C".utf8)
        bytes += [0xE9, 0x92]  // "é’" in Windows-1252
        bytes += Array("</p></article></body></html>".utf8)
        let document = FeedParser().parse(bytes, source: "page.html")
        #expect(document.entries.first?.text == "Cé\u{2019}")
    }
}
