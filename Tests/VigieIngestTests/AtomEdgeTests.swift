import Testing
import VigieCore
import VigieIngest

/// Atom as written in the wild: bases, empty types, dates that disagree.
@Suite struct AtomEdgeTests {
    static func feed(_ entry: String, feedAttributes: String = "") -> FeedDocument {
        parse(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"\(feedAttributes)><title>F</title><entry>\(entry)</entry></feed>"
        )
    }

    @Test func aRelativeLinkResolvesAgainstTheBaseInScope() throws {
        let document = Self.feed(
            "<id>1</id><link href=\"posts/1\"/>", feedAttributes: " xml:base=\"https://blog.example/en/\"")
        #expect(document.entries.first?.link == "https://blog.example/en/posts/1")
    }

    @Test func aLinksOwnBaseWins() throws {
        let document = Self.feed(
            "<id>1</id><link xml:base=\"https://cdn.example/a/\" href=\"../b/c.html\"/>",
            feedAttributes: " xml:base=\"https://blog.example/\"")
        #expect(document.entries.first?.link == "https://cdn.example/b/c.html")
    }

    @Test func anEntryBaseRelativeToTheFeedBaseChains() throws {
        let document = Self.feed(
            "<id>1</id><link rel=\"alternate\" href=\"x\"/>", feedAttributes: " xml:base=\"https://blog.example/root/\""
        )
        let nested = parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/root/">
              <entry xml:base="2024/"><id>1</id><link href="post.html"/></entry>
            </feed>
            """)
        #expect(document.entries.first?.link == "https://blog.example/root/x")
        #expect(nested.entries.first?.link == "https://blog.example/root/2024/post.html")
    }

    @Test func anEmptyTypeIsTheDefaultText() throws {
        let document = Self.feed(
            "<title type=\"\">Rock &amp; Roll</title><summary type=\"\">Meet the band</summary><content type=\" \">Tour dates</content>"
        )
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Rock & Roll")
        #expect(entry.summary == "Meet the band")
        #expect(entry.content == "Tour dates")
    }

    @Test func base64OnlyWhenItDecodesToText() throws {
        // "Examples" is valid base64 but decodes to bytes that are not UTF-8: it stays text.
        let document = Self.feed("<summary type=\"application/octet-stream\">Examples</summary>")
        #expect(document.entries.first?.summary == "Examples")
        let encoded = Self.feed("<summary type=\"application/octet-stream\">QWNtZSByb2Nrcw==</summary>")
        #expect(encoded.entries.first?.summary == "Acme rocks")
    }

    @Test(arguments: [
        ("<published>2024-05-01T10:00:00Z</published><issued>2024-05-02T10:00:00Z</issued>", "2024-05-02T10:00:00Z"),
        ("<issued>2024-05-02T10:00:00Z</issued><published>2024-05-01T10:00:00Z</published>", "2024-05-01T10:00:00Z"),
        ("<created>2024-04-01T10:00:00Z</created><issued>2024-05-02T10:00:00Z</issued>", "2024-05-02T10:00:00Z"),
        ("<created>2024-04-01T10:00:00Z</created>", "2024-04-01T10:00:00Z"),
        ("<published>2024-05-01T10:00:00Z</published><issued>not a date</issued>", "2024-05-01T10:00:00Z"),
    ])
    func conflictingPublicationDatesLastOneStands(elements: String, published: String) throws {
        let entry = try #require(Self.feed("<id>1</id>" + elements).entries.first)
        #expect(entry.published.map(RFC3339.format) == published)
    }
}
