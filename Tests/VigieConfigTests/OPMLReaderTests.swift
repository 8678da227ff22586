import Foundation
import Testing
import VigieConfig

@Suite struct OPMLReaderTests {
    private func feeds(_ xml: String) throws -> [OPMLFeed] {
        try OPMLReader.feeds(in: Data(xml.utf8), file: "feeds.opml")
    }

    @Test func readsNestedFoldersTitlesAndSites() throws {
        let found = try feeds(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head><title>Mes abonnements</title></head>
              <body>
                <outline text="Presse">
                  <outline text="Éco" title="Économie">
                    <outline type="rss" text="Le Journal &amp; Co" xmlUrl="https://journal.example/rss" htmlUrl="https://journal.example/"/>
                  </outline>
                  <outline type="rss" title="Tech" text="ignored" xmlUrl="https://tech.example/feed.xml"/>
                </outline>
                <outline type="rss" text="Top" xmlUrl="  https://top.example/atom  "/>
              </body>
            </opml>
            """)
        #expect(
            found.map(\.url) == [
                "https://journal.example/rss", "https://tech.example/feed.xml", "https://top.example/atom",
            ])
        #expect(found.map(\.title) == ["Le Journal & Co", "Tech", "Top"])
        #expect(found.map(\.folder) == ["Presse / Économie", "Presse", nil])
        #expect(found[0].site == "https://journal.example/")
        #expect(found[0].line == 7)
    }

    @Test func readsOPML1WithLowercaseAttributes() throws {
        let found = try feeds(
            """
            <opml version="1.0"><body>
            <outline title="Blog" xmlurl="http://blog.example/index.xml" htmlurl="http://blog.example/"/>
            <outline text="A link, not a feed" url="http://example.org/"/>
            </body></opml>
            """)
        #expect(
            found == [
                OPMLFeed(url: "http://blog.example/index.xml", title: "Blog", site: "http://blog.example/", line: 2)
            ])
    }

    @Test func brokenXMLIsAnErrorWithALine() {
        #expect {
            try feeds("<opml><body>\n<outline xmlUrl=\"https://a.example/\">\n</body></opml>")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.first?.line != nil && error.description.contains("not well-formed")
        }
    }

    @Test func otherXMLIsNotOPML() {
        #expect(throws: ConfigurationError.self) { try feeds("<rss><channel/></rss>") }
    }

    @Test func externalEntitiesAreNotResolved() throws {
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
        do {
            let found = try feeds(
                """
                <?xml version="1.0"?>
                <!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <opml version="2.0"><body><outline title="&secret;" xmlUrl="https://a.example/"/></body></opml>
                """)
            #expect(found.allSatisfy { hostname == nil || hostname!.isEmpty || $0.title?.contains(hostname!) != true })
        } catch {
            // Refusing the document is as good as not expanding the entity.
            #expect(error is ConfigurationError)
        }
    }
}
