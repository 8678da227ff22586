import Foundation
import Testing
import VigieCore
import VigieIngest

/// CDATA sections are cut out of what libxml2 reads, or handed to it as escaped
/// character data, when that reads the same (see `TextCutOuts`): what comes out
/// must not change.
@Suite struct TextCutOutTests {
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

    /// The same text in a CDATA section and as escaped character data.
    static func bothWays(_ text: String) -> [String] {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return ["<![CDATA[\(text)]]>", escaped]
    }

    /// A feed with `content` as an item's title and description (and the channel's title).
    static func everywhere(_ content: String) -> String {
        feed(content).replacingOccurrences(of: "<title>x</title>", with: "<title>\(content)</title>")
            .replacingOccurrences(of: "<title>t</title>", with: "<title>\(content)</title>")
    }

    /// Parses `document` as it is, and with nothing cut out of it (a document that writes the
    /// cut-outs' instruction itself has none), which is how libxml2 reads it.
    static func parseBothWays(_ document: String) -> (cutOut: FeedDocument, uncut: FeedDocument) {
        let uncut =
            document.hasPrefix("<?xml")
            ? document.replacingOccurrences(of: "?>", with: "?><?vigie-cdata?>", range: document.range(of: "?>"))
            : "<?vigie-cdata?>" + document
        return (parse(document, url: "https://example.com/feed"), parse(uncut, url: "https://example.com/feed"))
    }

    /// An element's whole content is cut out: read from the document as given (or decoded),
    /// it must read as libxml2 reads it.
    @Test(arguments: [
        "<p>\(long) A&B &amp; <b>été</b></p>",
        "\(long)\n<p>deux\nlignes</p>\n",
        "\(long) a C1 control, \u{80}100, read as Windows-1252",
        String(repeating: " ", count: 70),
        "  <img src=\"/a.png\"> \(long) <script>alert(1)</script>  ",
    ])
    func aCutOutTextReadsAsLibxml2ReadsIt(text: String) {
        for written in Self.bothWays(text) {
            let (cutOut, uncut) = Self.parseBothWays(Self.everywhere(written))
            #expect(cutOut == uncut)
            #expect(cutOut.entries.first?.text.isEmpty == false || text.allSatisfy(\.isWhitespace))
        }
    }

    /// Character data is decoded as XML decodes it; what the cut-out does not read (an
    /// invalid character, an entity XML does not define, `]]>`) is left to libxml2.
    @Test(arguments: [
        "&#233;t&#xE9; &#x1F600; &#13;&#10; &#x9;", "&quot;cité&quot; l&apos;été &gt; &lt;br&gt;",
        "&#0; nul", "&#X41; majuscule", "&eacute;t&eacute;", "&#; vide", "a ]]> b", "&#xD800; demi",
        "&amp ; point-virgule", "&#1114112; trop grand",
    ])
    func charactersByReferenceReadAsLibxml2ReadsThem(references: String) {
        let (cutOut, uncut) = Self.parseBothWays(Self.everywhere("\(Self.long)\(references) fin"))
        #expect(cutOut == uncut)
    }

    /// Line numbers after a cut-out text are those of the document.
    @Test func linesAfterACutOutTextAreCounted() throws {
        let date = "<pubDate>jamais</pubDate>"
        for written in Self.bothWays("\(Self.long)\nun\ndeux\ntrois") {
            let (cutOut, uncut) = Self.parseBothWays(Self.feed(written + "</description>\n" + date + "<description>x"))
            #expect(cutOut.warnings == ["unreadable date \"jamais\" in <pubDate> at line 7"])
            #expect(cutOut == uncut)
        }
    }

    /// In inline XHTML content too.
    @Test func aTextInXHTMLContentIsCutOut() {
        for written in Self.bothWays("\(Self.long)<i>penché</i>") {
            let (cutOut, uncut) = Self.parseBothWays(
                """
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>\(written)</p> <p>b</p></div></content>
                </entry></feed>
                """)
            #expect(cutOut == uncut)
            #expect(cutOut.entries.first?.content?.contains("&lt;i&gt;penché") == true)
        }
    }

    /// A document that writes the instruction standing for a cut-out text itself keeps it an
    /// instruction (no text), and its sections are escaped instead.
    @Test func anInstructionTheDocumentWritesIsNotText() throws {
        let document = parse(
            Self.feed("<![CDATA[\(Self.long)<b>un</b>]]>").replacingOccurrences(
                of: "<title>x</title>", with: "<title><?vigie-cdata 0?>x</title>"))
        let entry = try #require(document.entries.first)
        #expect(entry.title == "x")
        #expect(entry.summary == "\(Self.long)<b>un</b>")
    }
}
