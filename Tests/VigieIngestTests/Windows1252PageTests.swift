import Testing

@testable import VigieIngest

/// A Windows-1252 page is decoded before libxml2 reads it: every byte must come out as the character
/// iconv gives libxml2 for it, and a page with an undefined byte must be left to libxml2.
@Suite struct Windows1252PageTests {
    static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBytes { Windows1252.utf8(page: $0) }
    }

    @Test func asciiIsCopied() {
        let page = Array("<p>Plain text, longer than sixteen bytes.</p>".utf8)
        #expect(Windows1252PageTests.decode(page) == page)
    }

    @Test func latinAndC1BytesAreTheirCharacters() {
        // "é" (0xE9), "’" (0x92), "€" (0x80), NBSP (0xA0), "ÿ" (0xFF), after and inside a long ASCII run.
        let page: [UInt8] = Array("<p>Caf".utf8) + [0xE9, 0x92, 0x80, 0xA0, 0xFF] + Array(" and some more ASCII".utf8)
        #expect(
            Windows1252PageTests.decode(page).map { String(decoding: $0, as: UTF8.self) }
                == "<p>Café’€\u{A0}ÿ and some more ASCII")
    }

    @Test(arguments: [UInt8(0x81), 0x8D, 0x8F, 0x90, 0x9D])
    func undefinedByteLeavesThePageToLibxml2(byte: UInt8) {
        #expect(Windows1252PageTests.decode(Array("<p>a".utf8) + [byte] + Array("b</p>".utf8)) == nil)
    }
}
