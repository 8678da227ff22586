import Testing

@testable import VigieIngest

/// `TextCounts` reads sixteen bytes at a time: it must count what a byte-at-a-time loop counts, in the
/// blocks and in the bytes after the last block.
@Suite struct TextCountsTests {
    static func visible(_ text: String) -> Int {
        Array(text.utf8).withUnsafeBufferPointer { TextCounts.visibleBytes($0) }
    }

    static func commas(_ text: String, upTo limit: Int) -> Int {
        Array(text.utf8).withUnsafeBufferPointer { TextCounts.commas($0, upTo: limit) }
    }

    @Test(arguments: ["", "a", " \t\r\n", "Un texte, avec des espaces\tet\r\ndes retours  à la ligne, assez long."])
    func countsVisibleBytesAsALoopDoes(text: String) {
        let expected = text.utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }.count
        #expect(TextCountsTests.visible(text) == expected)
    }

    @Test func countsCommasOfThreeScripts() {
        #expect(TextCountsTests.commas("a, b", upTo: 10) == 1)
        #expect(TextCountsTests.commas("一，二、三", upTo: 10) == 2)
        #expect(TextCountsTests.commas("no comma in these twenty bytes or more", upTo: 10) == 0)
        #expect(TextCountsTests.commas("sixteen bytes, then, more, commas, after the first block", upTo: 10) == 4)
    }

    @Test func stopsAtTheLimit() {
        #expect(TextCountsTests.commas(",,,,,,", upTo: 3) == 3)
        #expect(TextCountsTests.commas("a, b, c", upTo: 3) == 2)
    }

    @Test func aCutSequenceIsNoComma() {
        // The first two bytes of "，" at the end of the text.
        #expect(Array("abc".utf8 + [0xEF, 0xBC]).withUnsafeBufferPointer { TextCounts.commas($0, upTo: 3) } == 0)
    }
}
