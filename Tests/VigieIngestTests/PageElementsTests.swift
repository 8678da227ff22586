import Testing

@testable import VigieIngest

/// `PageElements` numbers a page's elements in document order and says what their names say;
/// `ElementSet` holds some of them.
@Suite struct PageElementsTests {
    static let page = """
        <html><head><title>T</title></head><body><nav><a href="/">Home</a></nav>
        <div class="post"><p>One <b>two</b></p><P>Three</P><br></div><footer>F</footer></body></html>
        """

    @Test func numbersInDocumentOrder() throws {
        let bytes = Array(PageElementsTests.page.utf8)
        let document = try #require(bytes.withUnsafeBytes { XMLDocument.html($0, url: nil, encoding: "UTF-8") })
        let root = try #require(document.root)
        let elements = PageElements(root: root)
        let names = elements.nodes.map { elements.kind(of: $0).name }
        #expect(names == ["html", "head", "title", "body", "nav", "a", "div", "p", "b", "p", "br", "footer"])
        for (number, node) in elements.nodes.enumerated() { #expect(node.elementNumber == number) }
        withExtendedLifetime(document) {}
    }

    @Test func kindsSayWhatNamesSay() throws {
        let bytes = Array(PageElementsTests.page.utf8)
        let document = try #require(bytes.withUnsafeBytes { XMLDocument.html($0, url: nil, encoding: "UTF-8") })
        let elements = PageElements(root: try #require(document.root))
        let kinds = Dictionary(elements.nodes.map { (elements.kind(of: $0).name, elements.kind(of: $0)) }) { a, _ in a }
        #expect(kinds["p"]?.isParagraph == true)
        #expect(kinds["div"]?.isTextBlock == true)
        #expect(kinds["div"]?.isItemElement == true)
        #expect(kinds["br"]?.isBlock == true)
        #expect(kinds["br"]?.isBlockElement == false)
        #expect(kinds["a"]?.isLink == true)
        #expect(kinds["nav"]?.verdict == .structural)
        #expect(kinds["b"]?.verdict == nil)
        #expect(kinds["title"]?.rule == .drop)
        withExtendedLifetime(document) {}
    }

    @Test func otherNamesHaveKindsOfTheirOwn() throws {
        // Tags take their kinds from one table for every page; other names are worked out for the page.
        let bytes = Array(
            "<html><body><my-widget><x-card>A</x-card><p>B</p></my-widget><x-card>C</x-card></body></html>".utf8)
        let document = try #require(bytes.withUnsafeBytes { XMLDocument.html($0, url: nil, encoding: "UTF-8") })
        let elements = PageElements(root: try #require(document.root))
        let kinds = elements.nodes.map { elements.kind(of: $0) }
        #expect(kinds.map(\.name) == ["html", "body", "my-widget", "x-card", "p", "x-card"])
        #expect(kinds[2].rule == .unwrap && !kinds[2].isBlock)
        #expect(kinds[4].isParagraph)
        withExtendedLifetime(document) {}
    }

    @Test func setHoldsWhatWasInserted() throws {
        let bytes = Array(PageElementsTests.page.utf8)
        let document = try #require(bytes.withUnsafeBytes { XMLDocument.html($0, url: nil, encoding: "UTF-8") })
        let elements = PageElements(root: try #require(document.root))
        var set = ElementSet(elements)
        set.insert(elements.nodes[4])
        set.insert(elements.nodes[7])
        set.remove(elements.nodes[7])
        #expect(elements.nodes.filter { set.contains($0) }.map(\.elementNumber) == [4])
        #expect(!ElementSet().contains(elements.nodes[4]))
        withExtendedLifetime(document) {}
    }
}
