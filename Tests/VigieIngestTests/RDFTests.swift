import Testing
import VigieCore
import VigieIngest

/// RSS 1.0 (RDF) and RSS 0.90.
@Suite struct RDFTests {
    @Test func anItemWithoutGuidIsIdentifiedByItsRDFAbout() throws {
        let document = parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
              <channel rdf:about="https://news.example/"><title>News</title></channel>
              <item rdf:about="https://news.example/story/7"><title>Seven</title></item>
              <item rdf:about="  https://news.example/story/8  "><title>Eight</title></item>
            </rdf:RDF>
            """)
        #expect(document.entries.map(\.id) == ["https://news.example/story/7", "https://news.example/story/8"])
    }

    @Test func rdfAboutUnderAnotherPrefixIsStillRDF() throws {
        let document = parse(
            """
            <r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/">
              <rss:item r:about="https://news.example/9"><rss:title>Nine</rss:title></rss:item>
            </r:RDF>
            """)
        #expect(document.kind == .rdf)
        #expect(document.entries.first?.id == "https://news.example/9")
        #expect(document.entries.first?.title == "Nine")
    }

    @Test func anAboutInNoNamespaceIsNotAnRDFAbout() throws {
        let document = parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
              <item about="https://news.example/10"><title>Ten</title></item>
            </rdf:RDF>
            """)
        #expect(document.entries.first?.id == nil)
    }

    @Test(arguments: [
        // default namespace
        """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
          <channel><title>Old</title><link>https://old.example/</link></channel>
          <item><title>First</title><link>https://old.example/1</link></item>
        </rdf:RDF>
        """,
        // prefixed, items only
        """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:n="http://my.netscape.com/rdf/simple/0.9/">
          <n:item><n:title>First</n:title><n:link>https://old.example/1</n:link></n:item>
        </rdf:RDF>
        """,
    ])
    func rss090IsRecognised(text: String) throws {
        let document = parse(text)
        #expect(document.kind == .rdf)
        #expect(document.version == "rss090")
        #expect(document.entries.first?.title == "First")
        #expect(document.entries.first?.link == "https://old.example/1")
    }

    @Test(arguments: [
        ("xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"", "rss090"), ("xmlns=\"http://purl.org/rss/1.0/\"", "rss10"),
    ])
    func theVersionOfAnEmptyRDFDocumentComesFromItsNamespace(declaration: String, version: String) {
        let document = parse(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \(declaration)></rdf:RDF>")
        #expect(document.kind == .rdf)
        #expect(document.version == version)
    }
}
