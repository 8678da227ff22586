import Testing
import VigieCore
import VigieIngest

/// A source's `kind:` steers the parser: `html` reads any document as a page, `rss` and `atom`
/// refuse a page, `auto` reads what comes.
@Suite struct SourceKindTests {
    static let feed = """
        <rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
        <item><guid>1</guid><title>Acme opens a shop</title></item></channel></rss>
        """
    static let page = """
        <!DOCTYPE html><html><head><title>Please sign in</title></head>
        <body><main><p>Your session has expired. Please sign in again to read Acme news.</p></main></body></html>
        """

    @Test func autoReadsAFeedAsAFeedAndAPageAsAPage() {
        #expect(parse(Self.feed).kind == .rss)
        #expect(parse(Self.page).kind == .html)
    }

    @Test(arguments: [SourceSettings.Kind.rss, .atom])
    func aFeedSourceServingAPageIsAFailureThatSaysWhatToDo(kind: SourceSettings.Kind) throws {
        let document = parse(Self.page, options: .init(kind: kind))
        let error = try #require(document.error)
        #expect(error.contains("expected a feed (kind: \(kind.rawValue))"))
        #expect(error.contains("set kind: html"))
        #expect(document.entries.isEmpty)
    }

    @Test func anHTMLSourceReadsEvenXMLAsAPage() {
        let document = parse(Self.feed, options: .init(kind: .html))
        #expect(document.kind == .html)
        #expect(document.error == nil)
    }

    @Test func anAtomSourceServingRSSIsReadWithAWarning() {
        let document = parse(Self.feed, options: .init(kind: .atom))
        #expect(document.kind == .rss)
        #expect(document.entries.count == 1)
        #expect(document.warnings.contains { $0.contains("configured as kind: atom but this is an RSS feed") })
    }

    @Test func anRSSSourceServingRSSHasNoWarning() {
        #expect(parse(Self.feed, options: .init(kind: .rss)).warnings.isEmpty)
    }
}
