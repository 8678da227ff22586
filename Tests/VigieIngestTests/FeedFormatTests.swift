import Foundation
import Testing
import VigieCore
import VigieIngest

@Suite struct FeedFormatTests {
    @Test func rss20WithNamespaces() throws {
        let document = parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel>
                <title>Le blog de Lumio</title>
                <link>https://lumio.example/blog/</link>
                <description>Nouvelles de la marque</description>
                <language>fr-FR</language>
                <lastBuildDate>Mon, 06 May 2024 08:00:00 +0200</lastBuildDate>
                <item>
                  <title>Lumio lance sa lampe</title>
                  <link>/blog/lampe</link>
                  <guid isPermaLink="false">lumio-42</guid>
                  <pubDate>Mon, 06 May 2024 07:30:00 +0200</pubDate>
                  <dc:creator>Claire Dupont</dc:creator>
                  <category>Produits</category>
                  <category>Lampes</category>
                  <description>Une lampe &lt;b&gt;géniale&lt;/b&gt;.</description>
                  <content:encoded><![CDATA[<p>La lampe est <em>superbe</em>.</p><p>Disponible demain</p>]]></content:encoded>
                </item>
              </channel>
            </rss>
            """)
        #expect(document.kind == .rss)
        #expect(document.version == "rss20")
        #expect(document.error == nil)
        #expect(document.warnings.isEmpty)
        #expect(document.title == "Le blog de Lumio")
        #expect(document.language == "fr-FR")
        #expect(document.updated.map(RFC3339.format) == "2024-05-06T06:00:00Z")
        let entry = try #require(document.entries.first)
        #expect(entry.id == "lumio-42")
        #expect(entry.link == "https://lumio.example/blog/lampe")
        #expect(entry.published.map(RFC3339.format) == "2024-05-06T05:30:00Z")
        #expect(entry.author == "Claire Dupont")
        #expect(entry.categories == ["Produits", "Lampes"])
        #expect(entry.summary == "Une lampe <b>géniale</b>.")
        #expect(entry.content == "<p>La lampe est <em>superbe</em>.</p><p>Disponible demain</p>")
        #expect(entry.text == "Lumio lance sa lampe. La lampe est superbe. Disponible demain")
    }

    @Test func rss10RDF() throws {
        let document = parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://news.example/"><title>News</title><link>https://news.example/</link></channel>
              <item rdf:about="https://news.example/1">
                <title>Acme recalls a kettle</title><link>https://news.example/1</link>
                <dc:date>2024-03-01T10:00:00+01:00</dc:date><dc:subject>recall</dc:subject>
                <dc:language>en</dc:language>
              </item>
            </rdf:RDF>
            """)
        #expect(document.kind == .rdf)
        #expect(document.version == "rss10")
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Acme recalls a kettle")
        #expect(entry.updated.map(RFC3339.format) == "2024-03-01T09:00:00Z")
        #expect(entry.categories == ["recall"])
        #expect(entry.language == "en")
    }

    @Test(arguments: [
        ("0.91", "rss091u"), ("0.92", "rss092"), ("0.93", "rss093"), ("0.94", "rss094"), ("2.0", "rss20"),
        ("2.01", "rss20"),
    ])
    func rssVersions(attribute: String, version: String) {
        let document = parse("<rss version=\"\(attribute)\"><channel><title>t</title></channel></rss>")
        #expect(document.version == version)
    }

    @Test func rss090() {
        let document = parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Old</title></channel><item><title>One</title></item>
            </rdf:RDF>
            """)
        #expect(document.version == "rss090")
        #expect(document.entries.map(\.title) == ["One"])
    }

    @Test func atom10TextConstructsAndBase() throws {
        let document = parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/fr/" xml:lang="fr">
              <title type="html">Avis &amp;lt;Nova&amp;gt;</title>
              <link rel="self" href="feed.atom"/>
              <link rel="alternate" type="text/html" href="./"/>
              <updated>2024-05-01T08:00:00Z</updated>
              <author><name>Équipe</name><email>equipe@blog.example</email></author>
              <entry xml:base="billets/">
                <id>urn:uuid:1</id>
                <title type="text">Nova &lt;3</title>
                <link href="nova.html"/>
                <published>2024-05-01T09:00:00+02:00</published>
                <category term="téléphones"/>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Le <a href="../img/x.png">Nova</a> déçoit.</p><p>Batterie nulle</p></div></content>
              </entry>
            </feed>
            """)
        #expect(document.kind == .atom)
        #expect(document.version == "atom10")
        #expect(document.title == "Avis <Nova>")
        #expect(document.link == "https://blog.example/fr/")
        #expect(document.language == "fr")
        #expect(document.author == "Équipe (equipe@blog.example)")
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Nova <3")
        #expect(entry.link == "https://blog.example/fr/billets/nova.html")
        #expect(entry.published.map(RFC3339.format) == "2024-05-01T07:00:00Z")
        #expect(entry.categories == ["téléphones"])
        #expect(entry.language == "fr")
        #expect(
            entry.content
                == "<p>Le <a href=\"https://blog.example/fr/img/x.png\">Nova</a> déçoit.</p><p>Batterie nulle</p>")
        #expect(entry.text == "Nova <3. Le Nova déçoit. Batterie nulle")
    }

    @Test func atom03Base64AndEscapedModes() throws {
        let encoded = Data("<p>Acme is <b>great</b></p>".utf8).base64EncodedString()
        let document = parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old Atom</title>
              <entry>
                <title mode="escaped" type="text/html">&lt;i&gt;Hello&lt;/i&gt;</title>
                <link rel="alternate" type="text/html" href="http://old.example/1"/>
                <issued>2004-01-01T19:48:21Z</issued>
                <modified>2004-01-02T19:48:21Z</modified>
                <summary type="text/html" mode="base64">\(encoded)</summary>
              </entry>
            </feed>
            """)
        #expect(document.version == "atom03")
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Hello")
        #expect(entry.link == "http://old.example/1")
        #expect(entry.published.map(RFC3339.format) == "2004-01-01T19:48:21Z")
        #expect(entry.updated.map(RFC3339.format) == "2004-01-02T19:48:21Z")
        #expect(entry.summary == "<p>Acme is <b>great</b></p>")
    }

    @Test func notAFeedIsAnError() {
        let document = parse("<?xml version=\"1.0\"?><catalog><book>x</book></catalog>")
        #expect(document.kind == nil)
        #expect(document.error?.contains("<catalog>") == true)
    }

    @Test func emptyDocumentIsAnError() {
        #expect(parse("   \n ").error == "empty document")
    }

    @Test func formatIsToldFromContentNotName() {
        let atom = FeedParser().parse(
            Array("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>".utf8), source: "feed.rss")
        #expect(atom.kind == .atom)
    }
}
