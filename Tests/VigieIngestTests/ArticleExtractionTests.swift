import Foundation
import Testing
import VigieCore
import VigieIngest

/// The article, all of it and only it.
@Suite struct ArticleExtractionTests {
    static let paragraph =
        "Lumio a présenté lundi sa nouvelle lampe, plus sobre, moins chère, et compatible avec les assistants vocaux."

    @Test func theCharsetOfAMetaAfterTheTitleIsReadBeforeParsing() throws {
        let html = """
            <html><head><title>Новости Lumio</title><meta charset="utf-8"></head>
            <body><article><p>\(Self.paragraph)</p></article></body></html>
            """
        let document = parse(html)
        #expect(document.title == "Новости Lumio")
    }

    @Test func theHTTPCharsetOutranksTheMeta() throws {
        var bytes = Array("<html><head><meta charset=\"utf-8\"><title>Caf".utf8)
        bytes.append(0xE9)  // "é" in Windows-1252
        bytes += Array("</title></head><body><p>x</p></body></html>".utf8)
        let document = FeedParser().parse(bytes, source: "page", charset: "iso-8859-1")
        #expect(document.title == "Café")
    }

    @Test(arguments: [
        "content-with-sidebar-wrp", "elementor-widget-container", "widget Blog", "main-paywall-content x",
    ])
    func markersInsideLongerNamesAreNotFurniture(_ classes: String) throws {
        let html = """
            <html><head><title>T</title></head><body>
            <div class="\(classes)"><p>\(Self.paragraph)</p><p>\(Self.paragraph)</p></div>
            <div class="sidebar"><p>Publicité Lumio à gagner</p></div>
            </body></html>
            """
        let text = try #require(parse(html).entries.first?.text)
        #expect(text.contains("assistants vocaux"))
        #expect(!text.contains("Publicité"))
    }

    @Test(arguments: ["SIDEBAR", "post_related", "__share__", "x menu-é", "Widget-Area\r\nfoo"])
    func markersAsTokensOrTheirOuterPartsAreFurniture(_ classes: String) throws {
        let html = """
            <html><head><title>T</title></head><body>
            <article><p>\(Self.paragraph)</p>
            <div class="\(classes)"><p>Publicité : \(Self.paragraph)</p></div>
            <p>\(Self.paragraph)</p></article>
            </body></html>
            """
        let text = try #require(parse(html).entries.first?.text)
        #expect(text.contains("assistants vocaux"))
        #expect(!text.contains("Publicité"))
    }

    @Test func captionsSharingAndMostReadInsideTheArticleAreLeftOut() throws {
        let html = """
            <html><head><title>T</title></head><body><article>
            <p>\(Self.paragraph)</p>
            <figure><img src="a.jpg"><figcaption>La lampe Lumio. Photo AFP</figcaption></figure>
            <div class="share-buttons"><span>Partager sur Facebook et ailleurs, vraiment partout</span></div>
            <p>Elle sera vendue en magasin dès la fin du mois, annonce l'entreprise, à un prix encore inconnu.</p>
            <div class="most-read"><h3>Les plus lus</h3><p>Un autre sujet, sans lien avec celui-ci du tout.</p></div>
            </article></body></html>
            """
        let text = try #require(parse(html).entries.first?.text)
        #expect(text.contains("assistants vocaux"))
        #expect(text.contains("dès la fin du mois"))
        for furniture in ["Photo AFP", "Partager", "Les plus lus", "sans lien"] {
            #expect(!text.contains(furniture), "\(furniture)")
        }
    }

    @Test func aCommentArticleOrATeaserIsNotTheArticle() throws {
        let html = """
            <html><head><title>T</title></head><body>
            <article class="teaser"><h2><a href="/autre">Un autre article</a></h2></article>
            <div class="story-body"><p>\(Self.paragraph)</p><p>\(Self.paragraph)</p><p>\(Self.paragraph)</p></div>
            <div id="comments"><article class="comment"><p>Un commentaire assez long pour compter comme un paragraphe de texte, avec des virgules, ici, là.</p></article></div>
            </body></html>
            """
        let document = parse(html)
        let text = try #require(document.entries.first?.text)
        #expect(text.contains("assistants vocaux"))
        #expect(!text.contains("Un autre article"))
        #expect(!text.contains("commentaire"))
    }
}
