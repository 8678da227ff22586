import Foundation
import Testing
import VigieCore
import VigieScore

@Suite struct LexiconFileTests {
    @Test func commentsAndBlankLinesAreSkipped() throws {
        let lines = try LexiconLine.parse(
            "# header\n\nbon\t1.9\r\nmal\t-2\tflag,other\n", path: "x.tsv", requiresValue: true)
        #expect(lines.map(\.term) == ["bon", "mal"])
        #expect(lines.map(\.value) == [1.9, -2])
        #expect(lines.map(\.line) == [3, 4])
        #expect(lines[1].flags == ["flag", "other"])
    }

    static let malformed: [(String, Int, String)] = [
        ("bon\t1.9\nmal\tvery\n", 2, "not a number"),
        ("bon\t1.9\n\nmal\n", 3, "has no value"),
        ("\t2\n", 1, "empty"),
        ("a\t1\tb\tc\n", 1, "columns"),
        ("x\tnan\n", 1, "not a number"),
    ]

    @Test(arguments: malformed)
    func malformedLinesAreReportedWithFileAndLine(_ text: String, _ line: Int, _ reason: String) throws {
        let error = #expect(throws: ScoreError.self) {
            _ = try LexiconLine.parse(text, path: "fr/valence.tsv", requiresValue: true)
        }
        #expect(error?.code == .malformedLine)
        #expect(error?.line == line)
        #expect(error?.path == "fr/valence.tsv")
        #expect(error?.reason.contains(reason) == true)
        #expect(error?.description.hasPrefix("fr/valence.tsv:\(line): ") == true)
    }

    /// A lexicon folder copied from the real one, with one file replaced.
    private func folder(replacing name: String, with contents: String?) throws -> URL {
        let source = try LexiconLocator.locate(explicit: nil, environment: [:])
        let root = try ScorerFixture.temporaryDirectory()
        for language in ["fr", "en"] {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(language), to: root.appendingPathComponent(language))
        }
        let file = root.appendingPathComponent("fr").appendingPathComponent(name)
        if let contents {
            try contents.write(to: file, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(at: file)
        }
        return root
    }

    @Test func aBadLineInALexiconFolderNamesTheFileAndLine() throws {
        let root = try folder(replacing: "modifiers.tsv", with: "# boosters\ntrès\t0.293\nun peu\tpeu\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: ScoreError.self) { _ = try SentimentScorer(lexicons: root) }
        #expect(error?.line == 3)
        #expect(error?.path.hasSuffix("fr/modifiers.tsv") == true)
    }

    @Test func anUnknownNegatorFlagIsAnError() throws {
        let root = try folder(replacing: "negators.tsv", with: "pas\t\tafter\nplus\t\tneeds-na\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: ScoreError.self) { _ = try SentimentScorer(lexicons: root) }
        #expect(error?.line == 2)
        #expect(error?.reason.contains("needs-na") == true)
    }

    @Test func aMissingFileIsNamed() throws {
        let root = try folder(replacing: "contrast.tsv", with: nil)
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: ScoreError.self) { _ = try SentimentScorer(lexicons: root) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.path.hasSuffix("fr/contrast.tsv") == true)
    }
}

@Suite struct LexiconLocatorTests {
    @Test func anExplicitFolderComesFirstAndAloneEvenWhenWrong() throws {
        let places = LexiconLocator.candidates(
            explicit: "/nowhere", environment: ["VIGIE_LEXICONS": "/elsewhere"], executable: nil)
        #expect(places.map(\.path) == ["/nowhere"])
        let error = #expect(throws: ScoreError.self) {
            _ = try LexiconLocator.locate(explicit: "/nowhere", environment: [:], executable: nil)
        }
        #expect(error?.code == .lexiconsNotFound)
        #expect(error?.reason.contains("/nowhere") == true)
    }

    @Test func theEnvironmentVariableComesNext() throws {
        let places = LexiconLocator.candidates(
            explicit: nil, environment: ["VIGIE_LEXICONS": "/elsewhere"], executable: nil)
        #expect(places.map(\.path) == ["/elsewhere"])
    }

    @Test func thenNextToTheExecutableThenShare() throws {
        let places = LexiconLocator.candidates(
            explicit: nil, environment: [:], executable: URL(fileURLWithPath: "/opt/vigie/bin/vigie"))
        #expect(places.count >= 3)
        #expect(places[0].path == "/opt/vigie/bin/vigie_VigieLexicons.resources")
        #expect(places[1].path == "/opt/vigie/bin/lexicons")
        #expect(places[2].path == "/opt/vigie/share/vigie/lexicons")
    }

    @Test func theRepositoryLexiconsAreFound() throws {
        let directory = try LexiconLocator.locate(explicit: nil, environment: [:])
        #expect(LexiconLocator.isLexiconDirectory(directory))
    }
}
