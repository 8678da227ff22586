import Testing
import VigieCore
import VigieIngest

/// Broken documents are data: recovered with warnings, or refused with an error.
@Suite struct RecoveryTests {
    @Test func htmlNamedEntitiesInXML() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><title>Caf&eacute;&nbsp;Lumio &hellip; &amp; co</title></channel></rss>")
        #expect(document.title == "Café\u{a0}Lumio … & co")
        #expect(document.warnings.isEmpty)
    }

    @Test func unknownEntityIsKeptAsText() {
        let document = parse("<rss version=\"2.0\"><channel><title>a &bogus; b</title></channel></rss>")
        #expect(document.title == "a &bogus; b")
    }

    @Test func bareAmpersandIsRecoveredWithAWarning() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><item><title>Fish & Chips</title><link>http://x.example/?a=1&b=2</link></item></channel></rss>"
        )
        #expect(!document.warnings.isEmpty)
        #expect(document.error == nil)
        let entry = try #require(document.entries.first)
        #expect(entry.link == "http://x.example/?a=1&b=2")
    }

    @Test func mismatchedTagIsRecovered() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><item><title>Acme <b>rocks</title></item><item><title>Second</title></item></channel></rss>"
        )
        #expect(!document.warnings.isEmpty)
        #expect(document.entries.count >= 1)
        #expect(document.entries.first?.title?.hasPrefix("Acme") == true)
    }

    @Test func truncatedDocumentKeepsWhatWasRead() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><title>Cut</title><item><title>One</title></item><item><title>Tw")
        #expect(document.title == "Cut")
        #expect(document.entries.first?.title == "One")
        #expect(document.warnings.contains { $0.contains("line") })
    }

    @Test func unreadableDateIsNullWithAWarning() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><item><title>x</title><pubDate>someday soon</pubDate></item></channel></rss>"
        )
        #expect(document.entries.first?.published == nil)
        #expect(document.warnings.contains { $0.contains("someday soon") })
    }

    @Test func garbageIsAnError() {
        let document = parse("this is not markup at all { } ]]")
        #expect(document.error != nil)
        #expect(document.entries.isEmpty)
    }
}

@Suite struct EncodingTests {
    @Test func iso88591Declared() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>".utf8)
        bytes += [0x43, 0x61, 0x66, 0xE9]  // "Café" in Latin-1
        bytes += Array("</title></channel></rss>".utf8)
        let document = parse(bytes: bytes)
        #expect(document.title == "Café")
        #expect(document.warnings.isEmpty)
    }

    @Test func windows1252QuotesInAnUndeclaredDocument() {
        var bytes = Array("<rss version=\"2.0\"><channel><title>l".utf8)
        bytes += [0x92]  // Windows-1252 right single quote, invalid as UTF-8
        bytes += Array("avis</title></channel></rss>".utf8)
        #expect(parse(bytes: bytes).title == "l\u{2019}avis")
    }

    @Test func c1ControlCharacterReferences() {
        let document = parse("<rss version=\"2.0\"><channel><title>don&#146;t</title></channel></rss>")
        #expect(document.title == "don\u{2019}t")
    }

    /// A no-break space (C2 A0) is text as it is; a C1 control (C2 92) beside it is still
    /// read as the Windows-1252 character it stands for, in HTML descriptions and in plain fields.
    @Test func c1ControlsBesideNoBreakSpaces() throws {
        let document = parse(
            """
            <rss version="2.0"><channel><item><title>Prix&#160;:&#160;10&#160;€</title>
            <author>l&#146;équipe&#160;Lumio</author>
            <description>&lt;p&gt;Lumio&#160;:&#160;top&lt;/p&gt;</description>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;l&#146;avis&#160;!&lt;/p&gt;</content:encoded>
            </item></channel></rss>
            """)
        let entry = try #require(document.entries.first)
        #expect(entry.title == "Prix\u{A0}:\u{A0}10\u{A0}€")
        #expect(entry.author == "l\u{2019}équipe\u{A0}Lumio")
        #expect(entry.summary == "<p>Lumio\u{A0}:\u{A0}top</p>")
        #expect(entry.content == "<p>l\u{2019}avis\u{A0}!</p>")
    }

    @Test func utf16WithBOM() {
        let text =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Élan</title></channel></rss>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(parse(bytes: bytes).title == "Élan")
    }

    @Test func utf8MislabelledAsLatin1() {
        let text =
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>Déçu</title></channel></rss>"
        let document = parse(bytes: Array(text.utf8))
        #expect(document.title == "Déçu")
        #expect(document.warnings.contains { $0.contains("UTF-8") })
    }
}

@Suite struct SafetyTests {
    @Test func externalEntityIsRefused() {
        let document = parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
            """)
        #expect(document.error?.contains("external entity") == true)
        #expect(document.title == nil)
    }

    @Test func entityBombIsRefused() {
        var dtd = "<!ENTITY a0 \"boom\">"
        for level in 1...9 {
            dtd += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let document = parse(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [\(dtd)]><rss><channel><title>&a9;</title></channel></rss>")
        #expect(document.error?.contains("entity") == true)
    }

    @Test func absurdNestingIsRefused() {
        let deep = String(repeating: "<div>", count: 10_000) + String(repeating: "</div>", count: 10_000)
        let document = parse(
            "<rss version=\"2.0\"><channel><item><description>\(deep)</description></item></channel></rss>")
        #expect(document.error?.contains("nested") == true)
    }

    @Test func absurdNestingInAPageIsRefused() {
        let deep = String(repeating: "<div>", count: 10_000) + "x" + String(repeating: "</div>", count: 10_000)
        let document = parse("<!DOCTYPE html><html><body>\(deep)</body></html>")
        #expect(document.kind == nil)
        #expect(document.error?.contains("nested") == true)
    }

    @Test func oversizedInputIsRefused() {
        let document = parse(
            "<rss version=\"2.0\"><channel><title>\(String(repeating: "x", count: 2_000))</title></channel></rss>",
            options: .init(maximumBytes: 1_000))
        #expect(document.error?.contains("limit") == true)
    }

    @Test func internalEntitiesStillWork() {
        let document = parse(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY brand \"Lumio\">]><rss version=\"2.0\"><channel><title>&brand; news</title></channel></rss>"
        )
        #expect(document.title == "Lumio news")
        #expect(document.error == nil)
    }
}
