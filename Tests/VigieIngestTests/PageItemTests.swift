import Foundation
import Testing
import VigieCore
import VigieIngest

/// Pages read without selectors: their items (repeated blocks, structured data, comments) and their passages.
@Suite struct PageItemTests {
    static let moods = [
        "ravie", "déçue", "furieux", "content", "mitigé", "enchantée", "agacé", "surpris", "conquise", "navré",
        "satisfait", "perplexe",
    ]

    /// A shop's "avis clients" page: twelve `<article class="avis">` blocks, each with its author and date.
    static func reviewPage(count: Int = 12, classes: (Int) -> String = { _ in "avis" }) -> String {
        var reviews = ""
        for index in 1...count {
            let day = String(format: "%02d", index)
            reviews += """
                <article class="\(classes(index))" id="avis-\(index)">
                  <h3>Avis numéro \(index)</h3>
                  <span class="auteur">Client\(index)</span>
                  <time datetime="2024-05-\(day)T10:00:00Z">\(index) mai 2024</time>
                  <p>Cliente \(moods[index - 1]) de Lumio, commande \(index * 7) livrée, voici mon avis numéro \(index).</p>
                </article>

                """
        }
        return """
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Avis clients Lumio</title></head>
            <body>
            <nav><a href="/">Accueil</a> <a href="/avis">Avis</a></nav>
            <main><h1>Avis clients</h1>
            \(reviews)
            </main>
            <footer>© Lumio 2024</footer>
            </body></html>
            """
    }

    @Test func twelveReviewBlocksAreTwelveEntriesWithTheirDates() throws {
        let document = parse(Self.reviewPage(), url: "https://shop.example/avis")
        #expect(document.entries.count == 12)
        for (index, entry) in document.entries.enumerated() {
            let number = index + 1
            #expect(entry.foundBy == .repeatedBlocks)
            #expect(entry.published.map(RFC3339.format) == String(format: "2024-05-%02dT10:00:00Z", number))
            #expect(entry.author == "Client\(number)")
            #expect(entry.title == "Avis numéro \(number)")
            #expect(entry.link == "https://shop.example/avis#avis-\(number)")
            #expect(entry.text.contains("voici mon avis numéro \(number)."))
            // Its own text only: not its neighbours'.
            #expect(!entry.text.contains("avis numéro \(number == 12 ? 11 : number + 1)."))
            #expect(!entry.text.contains("Accueil"))
        }
    }

    @Test func blocksWhoseClassesDifferByNumbersOrStateAreOneList() throws {
        let variants: [(Int) -> String] = [
            { "Avis avis-\($0) \($0 % 2 == 0 ? "EVEN" : "odd")" },
            { "avis-é n\($0)\($0 == 1 ? " first" : "")" },
        ]
        for classes in variants {
            let document = parse(Self.reviewPage(classes: classes), url: "https://shop.example/avis")
            #expect(document.entries.count == 12)
            #expect(document.entries.allSatisfy { $0.foundBy == .repeatedBlocks })
        }
    }

    @Test func jsonLDReviewsAreOneEntryEachWithRatingAuthorAndDate() throws {
        let reviews = [
            ("Marie", "2024-03-01", 5, "Parfait, la lampe Lumio éclaire toute la pièce."),
            ("Paul", "2024-03-04", 2, "Décevant : la lampe Lumio a grillé en une semaine."),
            ("Inès", "2024-03-09", 4, "Bonne lampe Lumio, application un peu lente."),
        ]
        let json = reviews.map { author, date, rating, text in
            """
            {"@type": "Review", "author": {"@type": "Person", "name": "\(author)"}, "datePublished": "\(date)",
             "reviewBody": "\(text)", "reviewRating": {"@type": "Rating", "ratingValue": "\(rating)", "bestRating": "5"}}
            """
        }.joined(separator: ",")
        let html = """
            <html><head><title>Lampe Lumio</title>
            <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", "name": "Lampe Lumio",
              "review": [\(json)]}</script></head>
            <body><main><h1>Lampe Lumio</h1>
            \(reviews.map { "<div class=\"review\"><b>\($0.0)</b><p>\($0.3)</p></div>" }.joined())
            </main></body></html>
            """
        let document = parse(html, url: "https://shop.example/lampe")
        #expect(document.entries.count == 3)
        #expect(document.entries.allSatisfy { $0.foundBy == .structuredData })
        #expect(document.entries.map(\.author) == ["Marie", "Paul", "Inès"])
        #expect(document.entries.map(\.rating) == [5, 2, 4])
        #expect(document.entries.map(\.bestRating) == [5, 5, 5])
        #expect(
            document.entries.map { $0.published.map(RFC3339.format) } == [
                "2024-03-01T00:00:00Z", "2024-03-04T00:00:00Z", "2024-03-09T00:00:00Z",
            ])
        #expect(document.entries[1].text == "Décevant : la lampe Lumio a grillé en une semaine.")
    }

    static let articleWithComments = """
        <html lang="fr"><head><meta charset="utf-8"><title>Lumio rappelle ses lampes</title></head><body>
        <header><nav><a href="/">Accueil</a></nav></header>
        <article class="post">
          <h1>Lumio rappelle ses lampes</h1>
          <div class="entry-content">
            <p>Le fabricant Lumio rappelle cent mille lampes connectées après plusieurs départs de feu signalés.</p>
            <p>Les clients concernés seront remboursés, précise l'entreprise dans un communiqué publié lundi.</p>
          </div>
        </article>
        <section id="comments" class="comments-area">
          <h2>2 commentaires</h2>
          <ol class="comment-list">
            <li class="comment" id="comment-1">
              <article class="comment-body">
                <footer class="comment-meta"><cite class="fn">Julie</cite>
                  <time datetime="2024-05-06T09:15:00Z">6 mai 2024 à 9 h 15</time></footer>
                <div class="comment-content"><p>Ma lampe Lumio a fondu la semaine dernière, quelle honte.</p></div>
                <div class="reply"><a href="?replytocom=1">Répondre</a></div>
              </article>
            </li>
            <li class="comment" id="comment-2">
              <article class="comment-body">
                <footer class="comment-meta"><cite class="fn">Marc</cite>
                  <time datetime="2024-05-06T10:40:00Z">6 mai 2024 à 10 h 40</time></footer>
                <div class="comment-content"><p>Remboursé en deux jours par Lumio, rien à redire.</p></div>
                <div class="reply"><a href="?replytocom=2">Répondre</a></div>
              </article>
            </li>
          </ol>
        </section>
        <footer>© Le Journal</footer>
        </body></html>
        """

    @Test func anItemsAnchorReplacesTheFragmentOfThePageLink() throws {
        let document = parse(Self.articleWithComments, url: "https://journal.example/lumio-rappel#haut")
        #expect(
            document.entries.dropFirst().map(\.link) == [
                "https://journal.example/lumio-rappel#comment-1", "https://journal.example/lumio-rappel#comment-2",
            ])
    }

    @Test func anArticleAndEachCommentAreSeparateEntries() throws {
        let document = parse(Self.articleWithComments, url: "https://journal.example/lumio-rappel")
        try #require(document.entries.count == 3)
        let article = document.entries[0]
        #expect(article.foundBy == .mainText)
        #expect(article.text.contains("rappelle cent mille lampes"))
        #expect(article.text.contains("seront remboursés"))
        #expect(!article.text.contains("fondu"))
        #expect(!article.text.contains("rien à redire"))
        let comments = Array(document.entries[1...])
        #expect(comments.map(\.foundBy) == [.repeatedBlocks, .repeatedBlocks])
        #expect(comments.map(\.author) == ["Julie", "Marc"])
        #expect(
            comments.map(\.link) == [
                "https://journal.example/lumio-rappel#comment-1", "https://journal.example/lumio-rappel#comment-2",
            ])
        #expect(comments.map { $0.published.map(RFC3339.format) } == ["2024-05-06T09:15:00Z", "2024-05-06T10:40:00Z"])
        #expect(comments[0].text == "Ma lampe Lumio a fondu la semaine dernière, quelle honte.")
        #expect(comments[1].text == "Remboursé en deux jours par Lumio, rien à redire.")
    }

    @Test func teaserCardsAndMenusAreNotItems() throws {
        let teasers = (1...4).map {
            """
            <div class="card"><h3><a href="/a/\($0)">Lumio, épisode \($0) de la saga</a></h3>
            <time datetime="2024-05-0\($0)">\($0) mai</time><p>Le résumé de l'épisode \($0), à lire.</p></div>
            """
        }.joined()
        let body = String(repeating: "Lumio annonce un nouveau modèle de lampe, plus sobre et moins chère. ", count: 6)
        let html = """
            <html><head><title>Lumio</title></head><body>
            <article><h1>Lumio</h1><p>\(body)</p><p>\(body)</p></article>
            <div class="stories">\(teasers)</div>
            </body></html>
            """
        let document = parse(html, url: "https://journal.example/lumio")
        #expect(document.entries.count == 1)
        #expect(document.entries.first?.foundBy == .mainText)
        #expect(document.entries.first?.text.contains("épisode") == false)
    }

    @Test func passagesAreTheBlocksOfTheMainTextAndTheItems() throws {
        let document = parse(Self.articleWithComments, url: "https://journal.example/lumio-rappel")
        let texts = document.passages.map(\.text)
        #expect(texts.contains("Ma lampe Lumio a fondu la semaine dernière, quelle honte."))
        #expect(
            texts.contains(
                "Le fabricant Lumio rappelle cent mille lampes connectées après plusieurs départs de feu signalés."))
        #expect(!texts.contains { $0.contains("Accueil") || $0.contains("Le Journal") })
    }

    @Test func passagesAndCommentsLeaveOutTheCodeOfScriptsAndStyles() throws {
        // A tracking snippet and a style inside the article's paragraphs and inside a comment: text to libxml2,
        // code to a reader.
        let html = Self.articleWithComments
            .replacingOccurrences(
                of: "signalés.</p>",
                with: "signalés.<script>window.dataLayer.push({event: 'lumio_article'});</script></p>"
            )
            .replacingOccurrences(
                of: "quelle honte.</p>", with: "quelle honte.<style>.comment p { color: #c00; }</style></p>")
        let document = parse(html, url: "https://journal.example/lumio-rappel")
        let texts = document.passages.map(\.text) + document.entries.map(\.text)
        #expect(texts.contains("Ma lampe Lumio a fondu la semaine dernière, quelle honte."))
        #expect(
            texts.contains(
                "Le fabricant Lumio rappelle cent mille lampes connectées après plusieurs départs de feu signalés."))
        #expect(!texts.contains { $0.contains("dataLayer") || $0.contains("color:") }, "\(texts)")
    }

    @Test func microdataReviewsGiveTheirRatingAuthorAndDate() throws {
        let review = { (author: String, date: String, rating: Int, text: String) in
            """
            <div itemprop="review" itemscope itemtype="https://schema.org/Review">
              <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">\(author)</span></span>
              <meta itemprop="datePublished" content="\(date)">
              <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
                <meta itemprop="ratingValue" content="\(rating)"><meta itemprop="bestRating" content="5"></div>
              <p itemprop="reviewBody">\(text)</p>
            </div>
            """
        }
        let html = """
            <html><head><title>Lampe Lumio</title></head><body><main><h1>Lampe Lumio</h1>
            \(review("Marie", "2024-03-01", 5, "Parfait, la lampe Lumio éclaire toute la pièce."))
            \(review("Paul", "2024-03-04", 1, "Décevant : la lampe Lumio a grillé en une semaine."))
            </main></body></html>
            """
        let document = parse(html, url: "https://shop.example/lampe")
        let reviews = document.entries.filter { $0.foundBy == .structuredData }
        #expect(reviews.map(\.author) == ["Marie", "Paul"])
        #expect(reviews.map(\.rating) == [5, 1])
        #expect(reviews.map(\.bestRating) == [5, 5])
        #expect(reviews.map { $0.published.map(RFC3339.format) } == ["2024-03-01T00:00:00Z", "2024-03-04T00:00:00Z"])
        #expect(
            reviews.map(\.text) == [
                "Parfait, la lampe Lumio éclaire toute la pièce.", "Décevant : la lampe Lumio a grillé en une semaine.",
            ])
    }
}
