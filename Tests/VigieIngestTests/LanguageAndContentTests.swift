import Testing
import VigieCore
import VigieIngest

/// Language tags, and which element is the summary and which the content.
@Suite struct LanguageAndContentTests {
    @Test func xmlLangWithAnUnderscoreIsABCP47Tag() throws {
        let atom = parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US"><title>F</title>
              <entry><id>1</id><title>One</title></entry>
              <entry xml:lang="fr_CA"><id>2</id><title>Deux</title></entry>
            </feed>
            """)
        #expect(atom.language == "en-US")
        #expect(atom.entries.map(\.language) == ["en-US", "fr-CA"])
        let rss = parse(
            "<rss version=\"2.0\"><channel><language>pt_BR</language><item xml:lang=\"de_AT\"><title>t</title></item></channel></rss>"
        )
        #expect(rss.language == "pt-BR")
        #expect(rss.entries.first?.language == "de-AT")
    }

    @Test(arguments: [
        ("<summary>the summary</summary><description>the description</description>", "the summary", "the description"),
        ("<description>the description</description><summary>the summary</summary>", "the description", "the summary"),
    ])
    func theFirstSummaryLikeElementIsTheSummaryTheSecondTheContent(elements: String, summary: String, content: String)
        throws
    {
        let entry = try #require(
            parse("<rss version=\"2.0\"><channel><item>\(elements)</item></channel></rss>").entries.first)
        #expect(entry.summary == summary)
        #expect(entry.content == content)
        #expect(entry.text == content)
    }

    @Test func fullContentBeforeASecondSummaryKeepsTheFullContent() throws {
        let entry = try #require(
            parse(
                """
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
                  <description>short</description><content:encoded>full</content:encoded><summary>other</summary>
                </item></channel></rss>
                """
            ).entries.first)
        #expect(entry.summary == "short")
        #expect(entry.content == "full")
    }

    @Test(arguments: [
        ("&lt;!DOCTYPE", "&lt;!DOCTYPE"),
        ("&lt;!DOCTYPE' &lt;b&gt;bold&lt;/b&gt;", "&lt;!DOCTYPE' <b>bold</b>"),
        ("&lt;?not a processing instruction", "&lt;?not a processing instruction"),
        ("&lt;!DOCTYPE html&gt;&lt;p&gt;a real one&lt;/p&gt;", "<p>a real one</p>"),
    ])
    func aDescriptionThatOnlyStartsLikeADoctypeKeepsItsText(written: String, summary: String) throws {
        let entry = try #require(
            parse("<rss version=\"2.0\"><channel><item><description>\(written)</description></item></channel></rss>")
                .entries
                .first)
        #expect(entry.summary == summary)
    }

    @Test func aCommentThatNeverClosesEndsAtTheNextBracket() throws {
        let entry = try #require(
            parse(
                "<rss version=\"2.0\"><channel><item><description>sa&lt;!-- -- old style &gt;fe&lt;script&gt;alert(1)&lt;/script&gt;</description></item></channel></rss>"
            ).entries.first)
        #expect(entry.summary == "safe")
    }
}
