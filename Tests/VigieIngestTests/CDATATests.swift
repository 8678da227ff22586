import Testing
import VigieCore
import VigieIngest

/// CDATA sections are handed to libxml2 as escaped character data when that
/// reads the same (see `CDATASections`): what comes out must not change.
@Suite struct CDATATests {
    static let long = String(repeating: "Lumio est fiable, ", count: 5)

    static func feed(_ description: String, prolog: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>\(prolog)
        <rss version="2.0"><channel><title>t</title><item><title>x</title>
        <description>\(description)</description></item></channel></rss>
        """
    }

    @Test func markupAmpersandsAndBracketsReadAsWritten() throws {
        let document = parse(
            Self.feed("<![CDATA[<p>\(Self.long) A&B &amp; <b>été</b> a]]b > c ]]]]><![CDATA[> d 日本</p>]]>"))
        let entry = try #require(document.entries.first)
        #expect(entry.summary == "<p>\(Self.long) A&amp;B &amp; <b>été</b> a]]b &gt; c ]]&gt; d 日本</p>")
        #expect(document.warnings.isEmpty)
    }

    /// Sections that end in `]` or start with `>` never make a `]]>` with their neighbours.
    @Test func sectionEdgesNeverCloseABracketPair() {
        let long = Self.long
        let document = parse(
            Self.feed("<![CDATA[\(long)]]]]><![CDATA[>\(long)]]><![CDATA[]\(long)]]]]><![CDATA[]>\(long)]]>"))
        let expected = "\(long)]]&gt;\(long)]\(long)]]]&gt;\(long)"
        #expect(document.entries.first?.summary == String(expected.dropLast()))
        #expect(document.warnings.isEmpty)
    }

    @Test func textAroundSectionsJoinsThem() throws {
        let document = parse(Self.feed("  avant <![CDATA[\(Self.long)<i>milieu</i>]]> après <![CDATA[court]]> fin "))
        let entry = try #require(document.entries.first)
        #expect(entry.summary == "avant \(Self.long)<i>milieu</i> après court fin")
    }

    @Test func carriageReturnsAreNormalised() {
        let document = parse(Self.feed("<![CDATA[\(Self.long)a\r\nb]]>"))
        #expect(document.entries.first?.summary == "\(Self.long)a\nb")
    }

    /// A character XML refuses keeps its section as it was (libxml2's recovery from it
    /// differs in character data): the document is read as it always was.
    @Test(arguments: [
        ("\u{1}", "pCDATA invalid Char value 1"), ("\u{B}", "pCDATA invalid Char value 11"),
        ("\u{FFFF}", "pCDATA invalid Char value 65535"),
    ])
    func charactersXMLRefusesAreRecoveredAsBefore(inner: String, complaint: String) {
        let document = parse(Self.feed("<![CDATA[\(Self.long)a\(inner)b]]>"))
        #expect(document.entries.first?.summary == "]&gt;")
        #expect(document.warnings.contains("recovered from cData section not finished at line 3"))
        #expect(document.warnings.contains("recovered from \(complaint) at line 3"))
    }

    @Test func sectionsInCommentsAndDoctypesAreLeftAlone() throws {
        let commented = parse(
            Self.feed(
                "<![CDATA[\(Self.long)<b>un</b>]]>",
                prolog: "<!-- <![CDATA[\(Self.long)]]> -->"))
        #expect(commented.entries.first?.summary == "\(Self.long)<b>un</b>")
        let declared = parse(
            Self.feed(
                "<![CDATA[\(Self.long)&marque;<b>deux</b>]]>&marque;",
                prolog: "<!DOCTYPE rss [<!ENTITY marque \"Lumio\">]>"))
        #expect(declared.entries.first?.summary == "\(Self.long)&amp;marque;<b>deux</b>Lumio")
    }

    @Test func anUnterminatedSectionIsLibxml2sToRecover() {
        let document = parse(Self.feed("<![CDATA[\(Self.long)<b>jamais fermé</b>"))
        #expect(document.entries.first?.summary == nil)
        #expect(
            document.warnings == [
                "recovered from cData section not finished at line 3",
                "recovered from premature end of data in tag description line 3 at line 3",
            ])
    }
}
