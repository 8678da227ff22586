import Testing
import VigieCore
import VigieIngest

/// Elements are told by namespace URI, never by prefix.
@Suite struct NamespaceTests {
    @Test(arguments: [
        "http://backend.userland.com/rss2", "http://backend.userland.com/rss", "http://blogs.law.harvard.edu/tech/rss",
        "http://example.org/our-own-rss",
    ])
    func rss20UnderAPrefixedNamespaceWithNoDefaultOne(namespace: String) throws {
        let document = parse(
            """
            <r:rss xmlns:r="\(namespace)" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
              <r:channel>
                <r:title>Prefixed</r:title><r:link>https://prefixed.example/</r:link>
                <r:item>
                  <r:title>Acme ships</r:title><r:link>https://prefixed.example/1</r:link>
                  <r:description>Shipped today.</r:description><dc:creator>Jo</dc:creator>
                  <r:pubDate>Tue, 07 May 2024 10:00:00 GMT</r:pubDate>
                </r:item>
              </r:channel>
            </r:rss>
            """)
        #expect(document.error == nil)
        #expect(document.kind == .rss)
        #expect(document.version == "rss20")
        #expect(document.title == "Prefixed")
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Acme ships")
        #expect(entry.link == "https://prefixed.example/1")
        #expect(entry.summary == "Shipped today.")
        #expect(entry.author == "Jo")
        #expect(entry.published.map(RFC3339.format) == "2024-05-07T10:00:00Z")
    }

    @Test func aLocalNameFromAnotherNamespaceIsNotTheCoreElement() throws {
        let document = parse(
            """
            <r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="http://example.org/extension/" version="2.0">
              <r:channel><r:item>
                <x:description>an extension's description</x:description>
                <x:title>an extension's title</x:title>
                <r:title>core title</r:title>
                <r:description>core description</r:description>
                <x:description>another extension description</x:description>
              </r:item></r:channel>
            </r:rss>
            """)
        let entry = try #require(document.entries.first)
        #expect(entry.title == "core title")
        #expect(entry.summary == "core description")
        #expect(entry.content == nil)
    }

    @Test func theSamePrefixBoundToAModuleIsAModule() throws {
        // `rss:` here names an extension, not RSS: its elements are not the item's.
        let document = parse(
            """
            <rss version="2.0" xmlns:rss="http://example.org/not-rss/"><channel><item>
              <rss:title>not the title</rss:title><title>the title</title>
            </item></channel></rss>
            """)
        #expect(document.entries.first?.title == "the title")
    }
}
