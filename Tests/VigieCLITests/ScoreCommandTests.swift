import Foundation
import Testing
import VigieTestSupport

@Suite struct ScoreCommandTests {
    @Test func eachArgumentGivesOneLineInOrder() throws {
        let result = try VigieBinary.run(["score", "Génial, j'adore !", "What a scam", "Le colis est arrivé mardi"])
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.count == 3)
        #expect(lines.map { $0["label"] as? String } == ["positive", "negative", "neutral"])
        #expect(lines.map { $0["lang"] as? String } == ["fr", "en", "fr"])
        for line in lines {
            for key in ["score", "positive", "negative", "neutral"] { #expect(line[key] is Double || line[key] is Int) }
            #expect(line["terms"] == nil)
        }
    }

    @Test func stdinLineNGivesOutputLineNAndEmptyLinesAreNeutral() throws {
        let result = try VigieBinary.run(["score", "--lang", "fr"], stdin: "c'est nul\n\nc'est top\r\n")
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.map { $0["label"] as? String } == ["negative", "neutral", "positive"])
        #expect(lines.allSatisfy { $0["lang"] as? String == "fr" })
    }

    @Test func aLongStreamKeepsItsOrder() throws {
        // Enough lines for the parallel path; alternating labels show any reordering.
        let count = 5000
        let input = (0..<count).map { $0 % 2 == 0 ? "excellent produit \($0)" : "une vraie arnaque \($0)" }
        let result = try VigieBinary.run(["score", "--lang", "auto"], stdin: input.joined(separator: "\n"))
        #expect(result.status == 0)
        let labels = try result.jsonLines().map { $0["label"] as? String }
        #expect(labels.count == count)
        #expect(labels.enumerated().allSatisfy { $0.element == ($0.offset % 2 == 0 ? "positive" : "negative") })
    }

    @Test func explainListsTheContributingTerms() throws {
        let result = try VigieBinary.run(["score", "--explain", "--lang", "fr", "Pas mal, mais quelle arnaque"])
        #expect(result.status == 0)
        let line = try #require(try result.jsonLines().first)
        let terms = try #require(line["terms"] as? [[String: Any]])
        let names = terms.compactMap { $0["term"] as? String }
        #expect(names.contains("pas mal"))
        #expect(names.contains("arnaque"))
    }

    @Test func ownTermsOverrideTheDefaults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("acme.tsv")
        try "rupture\t-3\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try VigieBinary.run(["score", "--lang", "fr", "--terms", file.path, "rupture de stock"])
        #expect(try result.jsonLines().first?["label"] as? String == "negative")
    }

    @Test func aBrandsNamesCarryNoSentimentInItsMentions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        brands:
          - name: United
            query: '@united OR "United Airlines"'
          - name: Free
            lexicon:
              box: 0
        """.write(to: folder.appendingPathComponent("vigie.yaml"), atomically: true, encoding: .utf8)
        let texts = [
            "United Airlines flight to Denver", "@united thank you, great crew today", "@united lost my bag again",
        ]
        let united = try VigieBinary.run(
            ["score", "--lang", "en", "--config", "vigie.yaml", "--brand", "United", "--explain"] + texts,
            currentDirectory: folder)
        #expect(united.status == 0)
        let lines = try united.jsonLines()
        #expect(lines.map { $0["label"] as? String } == ["neutral", "positive", "negative"])
        let terms = (lines.last?["terms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
        #expect(terms == ["lost my bag", "again"])

        let free = try VigieBinary.run(
            ["score", "--config", "vigie.yaml", "--brand", "Free", "Free a encore coupé ma box", "Free shop in Leeds"],
            currentDirectory: folder)
        #expect(try free.jsonLines().map { $0["label"] as? String } == ["negative", "neutral"])
        // Without --brand, "free" is a positive English word.
        let plain = try VigieBinary.run(["score", "Free shop in Leeds"], currentDirectory: folder)
        #expect(try plain.jsonLines().first?["label"] as? String == "positive")

        let unknown = try VigieBinary.run(["score", "--brand", "Delta", "hello"], currentDirectory: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no brand named \"Delta\""))
    }

    @Test func aMalformedTermsFileIsReportedWithFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("acme.tsv")
        try "ok\t1\nrupture\tbad\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try VigieBinary.run(["score", "--terms", file.path, "x"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("acme.tsv:2:"))
    }

    @Test func missingLexiconsFailWithAClearMessage() throws {
        let result = try VigieBinary.run(["score", "--lexicons", "/nonexistent/lexicons", "bon"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("/nonexistent/lexicons"))
        #expect(result.stderr.contains("--lexicons"))
    }

    @Test func theEnvironmentVariableIsUsed() throws {
        // VigieBinary passes the test's environment on; run the binary through env(1) to set one.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["VIGIE_LEXICONS=/nonexistent/env", VigieBinary.url.path, "score", "bon"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("/nonexistent/env"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["score", "--format", "csv", "x"], ["score", "--lang", "de", "x"]] {
            let result = try VigieBinary.run(arguments)
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test func helpReadsLikeAManual() throws {
        let result = try VigieBinary.run(["score", "--help"])
        #expect(result.status == 0)
        for word in ["--lang", "--explain", "--lexicons", "VIGIE_LEXICONS", "SCORING.md"] {
            #expect(result.stdout.contains(word))
        }
    }
}
