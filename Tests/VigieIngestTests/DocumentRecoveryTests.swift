import Testing
import VigieCore
import VigieIngest

/// `FeedDocument.recovery`: the first error libxml2 recovered from, as the watcher stores it.
@Suite struct DocumentRecoveryTests {
    @Test func anUnclosedTagGivesItsFirstErrorWithLineAndMessage() throws {
        let document = parse(
            """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>t</title>
            <item><guid>1</guid><title>Broken &amp; unclosed<b>oops</title><description>Acme</description></item>
            </channel></rss>
            """)
        let recovery = try #require(document.recovery)
        #expect(recovery.line == 3)
        #expect(recovery.message == "opening and ending tag mismatch: b line 3 and title")
        #expect(recovery.description == "line 3: opening and ending tag mismatch: b line 3 and title")
        #expect(document.entries.count == 1)
    }

    @Test func aBareAmpersandCountsAsRecovered() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><item><title>Fish & Chips</title></item></channel></rss>")
        let recovery = try #require(document.recovery)
        #expect(recovery.line == 1)
        #expect(recovery.message.contains("bare &"), "\(recovery.message)")
    }

    @Test func aWellFormedDocumentOrAnotherWarningIsNotARecovery() {
        #expect(parse("<rss version=\"2.0\"><channel><item><title>Fine</title></item></channel></rss>").recovery == nil)
        // A date the reader could not read is a warning, not an ill-formed document.
        let dated = parse(
            "<rss version=\"2.0\"><channel><item><title>x</title><pubDate>someday</pubDate></item></channel></rss>")
        #expect(!dated.warnings.isEmpty)
        #expect(dated.recovery == nil)
    }
}
