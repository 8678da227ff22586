import Foundation
import Testing
import VigieTestSupport

/// `vigie config check`, `vigie config match` and `vigie sources import`, run as a user runs them.
@Suite struct ConfigCommandTests {
    /// A scratch folder removed when the suite instance goes away.
    private final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    private let scratch: Scratch
    private var folder: URL { scratch.url }

    init() throws {
        scratch = try Scratch()
        try Data("<rss/>".utf8).write(to: scratch.url.appendingPathComponent("feeds/acme.xml"))
    }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    private func read(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    private static let goodConfig = """
        # Test configuration
        brands:
          - name: Acme
            terms: [Acme, "#acme"]
            exclusions: [Acme Valley, football]
          - name: Orange
            exclusions: ["jus d'orange"]
            languages: [fr]
        sources:
          - url: file://feeds/acme.xml
            kind: rss
          - url: https://example.org/feed
            interval: 1h
        """

    @Test func checkAcceptsAGoodConfiguration() throws {
        try write("vigie.yaml", Self.goodConfig)
        let result = try VigieBinary.run(["config", "check"], currentDirectory: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("vigie.yaml: OK, 2 brands, 2 sources, database "))
        #expect(result.stderr.isEmpty)
    }

    @Test func checkVerboseShowsTheEffectiveQueries() throws {
        try write("vigie.yaml", Self.goodConfig)
        let result = try VigieBinary.run(["config", "check", "--verbose"], currentDirectory: folder)
        #expect(result.status == 0)
        #expect(result.lines.contains("brand Acme: (Acme OR #acme) AND NOT football  [ignoring: \"Acme Valley\"]"))
        #expect(result.lines.contains("brand Orange: Orange  [ignoring: \"jus d'orange\"]  [languages: fr]"))
        #expect(
            result.lines.contains {
                $0.hasPrefix("source example.org/feed: https://example.org/feed  [auto, every 1h]")
            })
    }

    @Test func checkReportsEveryProblemWithLineAndColumnAndFails() throws {
        try write(
            "broken.yaml",
            """
            brands:
              - name: Acme
                query: acme AND (panne
              - name: ACME
            sources:
              - url: ftp://example.org/feed
                interval: 5s
                brands: [Nobody]
                colour: blue
            """)
        let result = try VigieBinary.run(["config", "check", "--config", "broken.yaml"], currentDirectory: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "broken.yaml:3:21: error: brands[0].query: column 10 of the query: this '(' is never closed",
                "broken.yaml:4:11: error: brands[1].name: duplicate brand name \"ACME\" (already brands[0])",
                "broken.yaml:6:10: error: sources[0].url: bad URL \"ftp://example.org/feed\": the scheme \"ftp:\" is not supported; use https://, http:// or file://",
                "broken.yaml:7:15: error: sources[0].interval: interval 5s is too short: the minimum is 30s, to spare the sites you watch",
                "broken.yaml:8:14: error: sources[0].brands[0]: unknown brand \"Nobody\" (known: Acme)",
                "broken.yaml:9:5: error: sources[0].colour: unknown key \"colour\"; allowed here: url, name, kind, interval, headers, selectors, brands, site, folder, enabled",
                "broken.yaml: 6 errors, 0 warnings",
            ])
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test func checkOnAMissingFileSaysWhatToDo() throws {
        let result = try VigieBinary.run(["config", "check", "--config", "nope.yaml"], currentDirectory: folder)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "nope.yaml: error: the configuration file does not exist (give another with --config FILE)"))
    }

    @Test func checkOnBrokenYAMLGivesTheLine() throws {
        try write("vigie.yaml", "brands:\n  - name: \"Acme\n")
        let result = try VigieBinary.run(["config", "check"], currentDirectory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("vigie.yaml:"))
        #expect(result.stderr.contains("YAML syntax"))
    }

    @Test func matchPrintsOneJSONLinePerText() throws {
        try write("vigie.yaml", Self.goodConfig)
        let result = try VigieBinary.run(
            ["config", "match", "#Acme et l'Orange", "un jus d'orange", "Acme Valley news"], currentDirectory: folder)
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.count == 3)
        let first = try #require(lines[0]["matches"] as? [[String: Any]])
        #expect(first.map { $0["brand"] as? String } == ["Acme", "Orange"])
        #expect(first[0]["terms"] as? [String] == ["#acme"])
        #expect((lines[1]["matches"] as? [Any])?.isEmpty == true)
        #expect((lines[2]["matches"] as? [Any])?.isEmpty == true)
    }

    @Test func matchReadsStdinAndFiltersByLanguage() throws {
        try write("vigie.yaml", Self.goodConfig)
        let result = try VigieBinary.run(
            ["config", "match", "--lang", "en"], stdin: "Orange and Acme\n\nAcme\n", currentDirectory: folder)
        #expect(result.status == 0)
        let brands = try result.jsonLines().map { line in
            (line["matches"] as? [[String: Any]] ?? []).compactMap { $0["brand"] as? String }
        }
        #expect(brands == [["Acme"], [], ["Acme"]])
    }

    @Test func importAppendsFeedsAndSkipsDuplicates() throws {
        try write("vigie.yaml", Self.goodConfig)
        try write(
            "feeds.opml",
            """
            <?xml version="1.0"?>
            <opml version="2.0"><body>
              <outline text="Veille">
                <outline type="rss" text="Example" xmlUrl="https://example.org/feed"/>
                <outline type="rss" text="Nouveau" xmlUrl="https://new.example/rss" htmlUrl="https://new.example/"/>
              </outline>
              <outline type="rss" text="Podcast" xmlUrl="itpc://pod.example/feed"/>
            </body></opml>
            """)
        let result = try VigieBinary.run(["sources", "import", "feeds.opml"], currentDirectory: folder)
        #expect(result.status == 0)
        #expect(
            result.lines == [
                "added  https://new.example/rss  Nouveau  [Veille]",
                "skipped  https://example.org/feed  (already a source)",
                "refused  itpc://pod.example/feed  (not an http:// or https:// URL, line 7 of feeds.opml)",
                "vigie.yaml: 1 source added, 1 already there, 1 refused",
            ])
        let text = try read("vigie.yaml")
        #expect(text.hasPrefix(Self.goodConfig))
        #expect(
            text.hasSuffix(
                """
                  - url: "https://new.example/rss"
                    name: "Nouveau"
                    site: "https://new.example/"
                    folder: "Veille"

                """))
        let check = try VigieBinary.run(["config", "check"], currentDirectory: folder)
        #expect(check.stdout.hasPrefix("vigie.yaml: OK, 2 brands, 3 sources"))

        let again = try VigieBinary.run(["sources", "import", "feeds.opml"], currentDirectory: folder)
        #expect(again.lines.last == "vigie.yaml: 0 sources added, 2 already there, 1 refused")
        #expect(try read("vigie.yaml") == text)
    }

    @Test func importDryRunLeavesTheFileAlone() throws {
        try write("vigie.yaml", Self.goodConfig)
        try write("feeds.opml", #"<opml><body><outline xmlUrl="https://new.example/rss"/></body></opml>"#)
        let result = try VigieBinary.run(["sources", "import", "feeds.opml", "--dry-run"], currentDirectory: folder)
        #expect(result.status == 0)
        #expect(
            result.lines == [
                "would add  https://new.example/rss",
                "vigie.yaml: would add 1 source, 0 already there, 0 refused",
            ])
        #expect(try read("vigie.yaml") == Self.goodConfig)
    }

    @Test func importCreatesAMissingConfiguration() throws {
        try write("feeds.opml", #"<opml><body><outline xmlUrl="https://new.example/rss"/></body></opml>"#)
        let result = try VigieBinary.run(
            ["sources", "import", "feeds.opml", "--config", "new.yaml"], currentDirectory: folder)
        #expect(result.status == 0)
        #expect(result.lines.last == "new.yaml: 1 source added (new file), 0 already there, 0 refused")
        #expect(try read("new.yaml") == "sources:\n  - url: \"https://new.example/rss\"\n")
    }

    @Test func importRefusesBrokenInputsWithoutTouchingTheConfig() throws {
        try write("vigie.yaml", "brands: [Acme\n")
        try write("feeds.opml", #"<opml><body><outline xmlUrl="https://new.example/rss"/></body></opml>"#)
        let broken = try VigieBinary.run(["sources", "import", "feeds.opml"], currentDirectory: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("not valid YAML"))
        #expect(try read("vigie.yaml") == "brands: [Acme\n")

        try write("bad.opml", "<opml><body><outline>")
        let badOPML = try VigieBinary.run(["sources", "import", "bad.opml"], currentDirectory: folder)
        #expect(badOPML.status == 1)
        #expect(badOPML.stderr.contains("bad.opml"))
        #expect(!badOPML.stderr.contains("Fatal error"))
    }
}
