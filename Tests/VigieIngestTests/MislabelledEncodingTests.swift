import Testing
import VigieCore
import VigieIngest

/// Declarations that contradict the bytes, and text encoded twice.
@Suite struct MislabelledEncodingTests {
    /// An RSS document declared in `encoding`, its titles written as UTF-8 bytes.
    static func feed(declaring encoding: String, titles: [String], spacing: String = "") -> [UInt8] {
        let items = titles.map { "<item><title>\($0)</title></item>" }.joined()
        return Array(
            "<?xml version=\"1.0\" encoding\(spacing)=\(spacing)\"\(encoding)\"?><rss version=\"2.0\"><channel><title>Sport</title>\(items)</channel></rss>"
                .utf8)
    }

    @Test(arguments: ["ISO-8859-1", "iso-8859-1", "windows-1252", "US-ASCII", "ISO-8859-15"])
    func aSingleByteDeclarationOverUTF8BytesIsReadAsUTF8(encoding: String) throws {
        let document = parse(
            bytes: Self.feed(declaring: encoding, titles: ["Brøndby vinder", "Ærø og Ålborg", "plain"]))
        #expect(document.entries.map(\.title) == ["Brøndby vinder", "Ærø og Ålborg", "plain"])
        #expect(document.warnings.contains { $0.contains("read as UTF-8") })
    }

    @Test func spacesAroundTheDeclarationsEqualsSignDoNotHideIt() {
        let document = parse(bytes: Self.feed(declaring: "ISO-8859-1", titles: ["Brøndby"], spacing: " "))
        #expect(document.entries.first?.title == "Brøndby")
    }

    @Test func aGenuineLatin1DocumentStaysLatin1() {
        var bytes = Array(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><item><title>Caf".utf8)
        bytes.append(0xE9)  // é in ISO-8859-1
        bytes += Array(" cr".utf8) + [0xE8] + Array("me</title></item></channel></rss>".utf8)
        let document = parse(bytes: bytes)
        #expect(document.entries.first?.title == "Café crème")
        #expect(document.warnings.isEmpty)
    }

    @Test func mostlyUTF8WithAStrayWindows1252ByteKeepsTheUTF8() {
        // Declared ISO-8859-1, written in UTF-8, with one Windows-1252 right quote (0x92) pasted in.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>".utf8)
        bytes += Array("<item><title>Brøndby’s été</title></item><item><title>It".utf8) + [0x92]
        bytes += Array("s Ålborg</title></item></channel></rss>".utf8)
        let document = parse(bytes: bytes)
        #expect(document.entries.map(\.title) == ["Brøndby’s été", "It’s Ålborg"])
    }

    @Test func undeclaredUTF8WithAStrayByteKeepsTheUTF8() {
        var bytes = Array("<rss version=\"2.0\"><channel><item><title>Crème brûlée".utf8)
        bytes += [0x96] + Array(" à Noël</title></item></channel></rss>".utf8)  // 0x96: an en dash in Windows-1252
        let document = parse(bytes: bytes)
        #expect(document.entries.first?.title == "Crème brûlée– à Noël")
        #expect(document.warnings.contains { $0.contains("stray bytes read as Windows-1252") })
    }

    @Test(arguments: [
        ("BrÃ¸ndby vinder", "Brøndby vinder"),
        ("lâ€™Ã©tÃ© est lÃ\u{A0} aussi", "l’été est là aussi"),
        ("Ã‰cole", "École"),
        ("Â© 2024", "© 2024"),
    ])
    func doubleEncodedTextIsRepaired(written: String, meant: String) throws {
        let document = parse(
            "<rss version=\"2.0\"><channel><title>\(written)</title><item><title>\(written)</title>"
                + "<description>&lt;p&gt;\(written)&lt;/p&gt;</description></item></channel></rss>")
        #expect(document.title == meant)
        let entry = try #require(document.entries.first)
        #expect(entry.title == meant)
        #expect(entry.summary == "<p>\(meant)</p>")
        #expect(entry.text == "\(meant). \(meant)")
    }

    @Test(arguments: ["café crème", "Ça va, « très » bien", "Æbleskiver ½ pris", "naïve façade — déjà vu"])
    func genuineTextIsNotRepaired(text: String) {
        let document = parse("<rss version=\"2.0\"><channel><item><title>\(text)</title></item></channel></rss>")
        #expect(document.entries.first?.title == text)
    }
}
