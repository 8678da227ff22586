import Foundation
import Testing
import VigieCore
import VigieIngest

@Suite struct SanitizerTests {
    func summary(_ html: String) -> String? {
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let document = parse(
            "<rss version=\"2.0\"><channel><link>https://site.example/news/</link><item><description>\(escaped)</description></item></channel></rss>"
        )
        return document.entries.first?.summary
    }

    @Test(arguments: [
        ("<p>ok<script>alert(1)</script></p>", "<p>ok</p>"),
        ("<p onclick=\"steal()\" style=\"color:red\">ok</p>", "<p>ok</p>"),
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
        ("<img src=\"data:text/html;base64,AAAA\" alt=\"a\">", "<img alt=\"a\" />"),
        (
            "<a href=\"story.html\" title='say \"hi\"'>s</a>",
            "<a href=\"https://site.example/news/story.html\" title=\"say &quot;hi&quot;\">s</a>"
        ),
        ("<iframe src=\"https://evil.example\"></iframe><b>kept</b>", "<b>kept</b>"),
        ("<style>p{}</style><blink>unwrapped</blink>", "unwrapped"),
        ("<p>a &amp; b &lt; c</p>", "<p>a &amp; b &lt; c</p>"),
        // A scheme is read up to `:` or the end, case and blanks aside: only these three are unsafe.
        ("<a href=\"javascript\">x</a>", "<a>x</a>"),
        ("<a href=\"VB\nScript:x()\">x</a>", "<a>x</a>"),
        ("<a href=\"javascripts:x\">x</a>", "<a href=\"javascripts:x\">x</a>"),
        ("<a href=\"dat:x\">x</a>", "<a href=\"dat:x\">x</a>"),
        // Names in any case; references decoded in values; a `>` inside quotes does not end the tag,
        // on a kept tag or an unwrapped one.
        (
            "<IMG SRC=\"pic.png\" Alt=\"a &amp; b > c\" onerror=\"x()\">",
            "<img src=\"https://site.example/news/pic.png\" alt=\"a &amp; b &gt; c\" />"
        ),
        ("<blink title=\"a > b\" color=red>t</blink>", "t"),
        // A link is trimmed, resolved with its references decoded; a bare value is read to a space.
        (
            "<a href=\" story.html?a=1&amp;b=2 \">s</a><a href=https://other.example/x title=t>o</a>",
            "<a href=\"https://site.example/news/story.html?a=1&amp;b=2\">s</a><a href=\"https://other.example/x\" title=\"t\">o</a>"
        ),
        ("<SCRIPT type=\"a>b\">x()</script><P>p</P>", "<p>p</p>"),
    ])
    func sanitizes(input: String, expected: String) {
        #expect(summary(input) == expected)
    }

    /// Text between tags with what needs more than copying (a `>`, a tab, two spaces, a C1
    /// control) and plain text around it: both outputs read the same either way.
    @Test func textThatNeedsLookingAtAndPlainTextMix() throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><item><description>&lt;p&gt; plain start &lt;b&gt;a &gt; b\tc  d \u{0085} e&lt;/b&gt;"
                + " plain end &lt;/p&gt;</description></item></channel></rss>")
        let entry = try #require(document.entries.first)
        #expect(entry.summary == "<p> plain start <b>a &gt; b\tc  d … e</b> plain end </p>")
        #expect(entry.text == "plain start a > b c d … e plain end")
    }

    @Test func textKeepsBlockBoundariesAsSentences() throws {
        let document = parse(
            """
            <rss version="2.0"><channel><item><title>Avis Lumio</title>
            <description>&lt;h2&gt;Verdict&lt;/h2&gt;&lt;p&gt;Service client   injoignable&lt;/p&gt;&lt;ul&gt;&lt;li&gt;panne&lt;/li&gt;&lt;li&gt;remboursement refusé!&lt;/li&gt;&lt;/ul&gt;</description>
            </item></channel></rss>
            """)
        let entry = try #require(document.entries.first)
        #expect(entry.text == "Avis Lumio. Verdict. Service client injoignable. panne. remboursement refusé!")
    }
}
