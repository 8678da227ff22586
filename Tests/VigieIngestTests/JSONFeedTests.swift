import Testing
import VigieCore
import VigieIngest

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), read into the same entries as RSS and Atom.
@Suite struct JSONFeedTests {
    static let feed11 = """
        {
          "version": "https://jsonfeed.org/version/1.1",
          "title": "Lumio news",
          "home_page_url": "https://lumio.example/blog/",
          "feed_url": "https://lumio.example/blog/feed.json",
          "description": "What Lumio ships",
          "language": "en_GB",
          "authors": [{"name": "Lumio team", "url": "https://lumio.example/"}],
          "items": [
            {"id": "1", "url": "https://lumio.example/blog/lamp", "title": "Lumio ships a lamp",
             "content_html": "<p>A <b>bright</b> lamp.</p><script>alert(1)</script>",
             "summary": "The lamp", "date_published": "2024-05-06T08:00:00Z", "tags": ["lamps", "news"]},
            {"id": "2", "content_text": "Only plain text here: Lumio opens a shop.\\n\\nSecond paragraph.",
             "date_published": "2024-05-07T10:30:00Z"},
            {"id": "3", "url": "posts/3.html", "title": "Relative", "content_text": "Relative link",
             "date_published": "2024-05-08T09:00:00Z"},
            {"id": "4", "url": "https://lumio.example/blog/4", "title": "Offset",
             "date_published": "2024-05-09T10:00:00+02:00", "date_modified": "2024-05-09T12:15:00-04:30",
             "authors": [{"name": "Claire"}, {"name": "Jo"}]},
            {"id": 5, "url": "https://lumio.example/blog/5", "title": "Numeric id",
             "content_html": "<img src=\\"/img/5.png\\"> Look", "attachments": [{"url": "a.mp3", "mime_type": "audio/mpeg"}]}
          ]
        }
        """

    @Test func aJSONFeed11ReadsFiveEntriesWithAbsoluteLinksAndUTCDates() throws {
        let document = parse(Self.feed11)
        #expect(document.error == nil)
        #expect(document.warnings.isEmpty)
        #expect(document.kind == .json)
        #expect(document.version == "json11")
        #expect(document.title == "Lumio news")
        #expect(document.link == "https://lumio.example/blog/")
        #expect(document.subtitle == "What Lumio ships")
        #expect(document.language == "en-GB")
        #expect(document.author == "Lumio team")
        #expect(document.entries.count == 5)
        let e = document.entries
        #expect(e.map(\.id) == ["1", "2", "3", "4", "5"])
        #expect(e.allSatisfy { $0.link.map { $0.hasPrefix("https://") } ?? true })

        #expect(e[0].title == "Lumio ships a lamp")
        #expect(e[0].content == "<p>A <b>bright</b> lamp.</p>")
        #expect(e[0].summary == "The lamp")
        #expect(e[0].text == "Lumio ships a lamp. A bright lamp.")
        #expect(e[0].categories == ["lamps", "news"])
        #expect(e[0].published.map(RFC3339.format) == "2024-05-06T08:00:00Z")
        #expect(e[0].language == "en-GB")

        #expect(e[1].title == nil)
        #expect(e[1].link == nil)
        #expect(e[1].text == "Only plain text here: Lumio opens a shop. Second paragraph.")

        #expect(e[2].link == "https://lumio.example/blog/posts/3.html")

        #expect(e[3].published.map(RFC3339.format) == "2024-05-09T08:00:00Z")
        #expect(e[3].updated.map(RFC3339.format) == "2024-05-09T16:45:00Z")
        #expect(e[3].author == "Claire, Jo")

        #expect(e[4].content == "<img src=\"https://lumio.example/img/5.png\" /> Look")
    }

    @Test func aJSONFeed10ReadsItsSingleAuthorAndVersion() throws {
        let document = parse(
            """
            {"version": "https://jsonfeed.org/version/1", "title": "Old", "author": {"name": "Ann"},
             "items": [{"id": "a", "url": "https://old.example/a", "content_text": "Hello",
                        "author": {"name": "Bob"}, "date_modified": "Tue, 07 May 2024 10:00:00 GMT"}]}
            """)
        #expect(document.kind == .json)
        #expect(document.version == "json10")
        #expect(document.author == "Ann")
        let entry = try #require(document.entries.first)
        #expect(entry.author == "Bob")
        #expect(entry.updated.map(RFC3339.format) == "2024-05-07T10:00:00Z")
    }

    @Test func relativeURLsResolveAgainstTheDocumentURLFirst() throws {
        let document = parse(
            #"{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "/", "items": [{"id": "1", "url": "p/1"}]}"#,
            url: "https://site.example/feeds/main.json")
        #expect(document.link == "https://site.example/")
        #expect(document.entries.first?.link == "https://site.example/feeds/p/1")
    }

    @Test(arguments: [
        #"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1" "title": "t"}]}"#,
        #"{"version": "https://jsonfeed.org/version/1.1", "items": ["#,
        "{",
    ])
    func malformedJSONIsAnErrorLine(text: String) throws {
        let document = parse(text)
        let error = try #require(document.error)
        #expect(error.hasPrefix("malformed JSON"), "\(error)")
        #expect(document.entries.isEmpty)
    }

    @Test func jsonThatIsNotAFeedIsAnError() throws {
        let error = try #require(parse(#"{"name": "not a feed"}"#).error)
        #expect(error.contains("not a JSON Feed"))
    }

    @Test func anUnknownVersionIsReadWithAWarning() {
        let document = parse(#"{"version": "https://jsonfeed.org/version/2", "items": [{"id": "1", "title": "t"}]}"#)
        #expect(document.kind == .json)
        #expect(document.version == "")
        #expect(document.entries.count == 1)
        #expect(document.warnings.contains { $0.contains("unknown JSON Feed version") })
    }

    @Test func theFeedJSONMediaTypeMakesADocumentJSON() throws {
        let text = "  not json at all"
        let asJSON = FeedParser().parse(
            Array(text.utf8), source: "t", mediaType: "application/feed+json; charset=utf-8")
        #expect(try #require(asJSON.error).hasPrefix("malformed JSON"))
        let unknown = FeedParser().parse(Array(text.utf8), source: "t")
        #expect(try #require(unknown.error).hasPrefix("malformed JSON") == false)
        // Markup served as JSON is still read as markup.
        let rss = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>"
        #expect(FeedParser().parse(Array(rss.utf8), source: "t", mediaType: "application/feed+json").kind == .rss)
    }

    @Test func aJSONSourceServingAPageIsAFailure() throws {
        let page = "<!DOCTYPE html><html><body><p>Sign in</p></body></html>"
        let error = try #require(parse(page, options: .init(kind: .json)).error)
        #expect(error.contains("expected a feed (kind: json)"))
    }

    @Test func anRSSSourceServingJSONFeedIsReadWithAWarning() {
        let document = parse(
            #"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "t"}]}"#,
            options: .init(kind: .rss))
        #expect(document.kind == .json)
        #expect(document.warnings.contains { $0.contains("configured as kind: rss but this is a JSON Feed") })
    }
}
