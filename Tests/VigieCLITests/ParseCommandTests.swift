import Foundation
import Testing
import VigieTestSupport

/// `vigie parse` as docs/INTERFACE.md promises it.
@Suite struct ParseCommandTests {
    static let documentKeys: Set<String> = [
        "source", "kind", "version", "title", "link", "subtitle", "language", "updated", "author", "entries",
        "warnings", "error",
    ]
    static let entryKeys: Set<String> = [
        "id", "title", "link", "published", "updated", "author", "summary", "content", "text", "categories",
        "language",
    ]

    /// A temporary folder with the given files, removed at the end of the test.
    func withFiles(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content) in files {
            try Data(content.utf8).write(to: folder.appendingPathComponent(name))
        }
        try body(folder)
    }

    @Test func oneLinePerInputInOrderWithTheContractsFields() throws {
        let rss =
            "<rss version=\"2.0\"><channel><title>A</title><item><title>Acme</title><pubDate>Mon, 06 May 2024 08:00:00 +0200</pubDate></item></channel></rss>"
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>B</title></feed>"
        try withFiles(["a.xml": rss, "b.xml": atom, "c.txt": "nothing here"]) { folder in
            let paths = ["b.xml", "a.xml", "c.txt"].map { folder.appendingPathComponent($0).path }
            let result = try VigieBinary.run(["parse"] + paths)
            #expect(result.status == 0)
            let lines = try result.jsonLines()
            try #require(lines.count == 3)
            #expect(lines.map { $0["source"] as? String } == paths)
            for line in lines { #expect(Set(line.keys) == Self.documentKeys) }
            #expect(lines[0]["kind"] as? String == "atom")
            #expect(lines[1]["version"] as? String == "rss20")
            let entries = try #require(lines[1]["entries"] as? [[String: Any]])
            #expect(Set(entries[0].keys) == Self.entryKeys)
            #expect(entries[0]["published"] as? String == "2024-05-06T06:00:00Z")
            #expect(entries[0]["text"] as? String == "Acme")
            #expect(lines[2]["error"] is String)
            #expect(lines[0]["error"] is NSNull)
        }
    }

    @Test func standardInput() throws {
        let result = try VigieBinary.run(
            ["parse", "-"], stdin: "<rss version=\"2.0\"><channel><title>Piped</title></channel></rss>")
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.first?["title"] as? String == "Piped")
        #expect(lines.first?["source"] as? String == "-")
    }

    @Test func unreadablePathStillGetsItsLineAndFailsTheRun() throws {
        try withFiles(["ok.xml": "<rss version=\"2.0\"><channel><title>ok</title></channel></rss>"]) { folder in
            let missing = folder.appendingPathComponent("missing.xml").path
            let result = try VigieBinary.run(["parse", missing, folder.appendingPathComponent("ok.xml").path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("missing.xml"))
            let lines = try result.jsonLines()
            #expect(lines.count == 2)
            #expect((lines[0]["error"] as? String)?.contains("No such file") == true)
            #expect(lines[1]["title"] as? String == "ok")
        }
    }

    @Test func noInputIsAUsageError() throws {
        let result = try VigieBinary.run(["parse"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Missing expected argument"))
        #expect(result.stderr.contains("Usage: vigie parse"))
    }

    @Test func itemSelectorsCutAPage() throws {
        let page =
            "<html><body><div class='r'><h3>Bad</h3><p>Arnaque.</p></div><div class='r'><h3>Good</h3><p>Top.</p></div></body></html>"
        try withFiles(["page.html": page]) { folder in
            let result = try VigieBinary.run(
                [
                    "parse", "--items", "//div[@class='r']", "--item-title", ".//h3",
                    folder.appendingPathComponent("page.html").path,
                ])
            let entries = try #require(try result.jsonLines().first?["entries"] as? [[String: Any]])
            #expect(entries.map { $0["title"] as? String } == ["Bad", "Good"])
        }
    }

    @Test func manyInputsOnSeveralThreadsKeepTheirOrder() throws {
        var files: [String: String] = [:]
        for index in 0..<40 {
            files["f\(index).xml"] = "<rss version=\"2.0\"><channel><title>feed \(index)</title></channel></rss>"
        }
        try withFiles(files) { folder in
            let paths = (0..<40).map { folder.appendingPathComponent("f\($0).xml").path }
            let result = try VigieBinary.run(["parse", "--jobs", "4"] + paths)
            let titles = try result.jsonLines().map { $0["title"] as? String }
            #expect(titles == (0..<40).map { "feed \($0)" })
        }
    }

    @Test func theSamplesParseCleanly() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
        let files = try FileManager.default.subpathsOfDirectory(atPath: samples.path)
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".html") }.sorted()
        try #require(!files.isEmpty)
        let result = try VigieBinary.run(["parse"] + files.map { samples.appendingPathComponent($0).path })
        for line in try result.jsonLines() {
            #expect(line["error"] is NSNull, "\(line["source"] ?? "?")")
            #expect((line["warnings"] as? [Any])?.isEmpty == true, "\(line["source"] ?? "?")")
            #expect(((line["entries"] as? [Any])?.count ?? 0) > 0)
        }
    }
}
