import Foundation
import Testing
import VigieCore

@testable import VigieIngest

/// A page's scripts and styles are emptied before libxml2 reads it (see `RawTextCutOuts`): what comes out
/// must not change, and JSON-LD must stay.
@Suite struct RawTextCutOutTests {
    static let code = String(repeating: "window.dataLayer.push({event: 'lumio', value: 1 < 2 && 3 > 2}); ", count: 3)
    static let style = String(repeating: ".article p { margin: 0 auto; color: #333; } ", count: 3)

    static func page(head: String, body: String) -> String {
        """
        <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Lumio rappelle ses lampes</title>
        \(head)</head><body><article><h1>Lumio rappelle ses lampes</h1>
        <p>Le fabricant Lumio rappelle cent mille lampes connectées après plusieurs départs de feu signalés.</p>
        \(body)
        <p>Les clients concernés seront remboursés, précise l'entreprise dans un communiqué publié lundi.</p>
        </article></body></html>
        """
    }

    static let jsonLD = """
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",\
        "datePublished":"2024-05-02T09:30:00+02:00","author":{"@type":"Person","name":"Marc Petit"},\
        "headline":"Lumio rappelle ses lampes, ce que l'on sait des départs de feu signalés"}</script>
        """

    private func cut(_ html: String) -> String? {
        Array(html.utf8).withUnsafeBytes { RawTextCutOuts.cut($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func longScriptsAndStylesAreEmptiedJSONLDAndShortOnesKept() throws {
        let html = Self.page(
            head: "<script>\(Self.code)</script><STYLE type=\"text/css\">\(Self.style)</STYLE>\(Self.jsonLD)",
            body: "<script>var a = 1;</script><!-- <script>\(Self.code)</script> -->")
        let emptied = try #require(cut(html))
        #expect(emptied.contains("<script></script><STYLE type=\"text/css\"></STYLE>"))
        #expect(emptied.contains("\"datePublished\":\"2024-05-02T09:30:00+02:00\""))
        #expect(emptied.contains("<script>var a = 1;</script>"))
        #expect(emptied.contains("<!-- <script>\(Self.code)</script> -->"))
        #expect(cut(Self.page(head: "", body: "<script>var a = 1;</script>")) == nil)
    }

    @Test func aScriptEndsAtTheFirstEndTagInAnyCase() throws {
        let html = Self.page(head: "", body: "<script>\(Self.code)</SCRIPT ><p>Lumio répond à ses clients.</p>")
        let emptied = try #require(cut(html))
        #expect(emptied.contains("<script></SCRIPT ><p>Lumio répond à ses clients.</p>"))
    }

    @Test func aPageReadsTheSameWithItsScriptsEmptied() throws {
        let scripts = "<script>\(Self.code)</script><style>\(Self.style)</style>"
        let full = parse(
            Self.page(head: scripts + Self.jsonLD, body: "<p>Lumio s'excuse.\(scripts)</p>"),
            url: "https://journal.example/lumio")
        let bare = parse(
            Self.page(head: Self.jsonLD, body: "<p>Lumio s'excuse.</p>"), url: "https://journal.example/lumio")
        let entry = try #require(full.entries.first)
        #expect(entry.text == bare.entries.first?.text)
        #expect(!entry.text.contains("dataLayer") && entry.text.contains("Lumio s'excuse."))
        #expect(entry.published.map(RFC3339.format) == "2024-05-02T07:30:00Z")
        #expect(entry.author == "Marc Petit")
        #expect(full.entries.count == bare.entries.count)
    }
}
