import Foundation
import Testing
import VigieTestSupport

@testable import vigie

/// `vigie parse`'s inputs reach argument-parser in runs joined with NUL, and come back as given.
@Suite struct ParseInputsTests {
    @Test func aRunOfInputsBecomesOneArgument() {
        let joined = ParseInputs.joined(["parse", "a.xml", "b.xml", "c.xml"])
        #expect(joined == ["parse", "a.xml\u{0}b.xml\u{0}c.xml"])
        #expect(ParseInputs.split(Array(joined.dropFirst())) == ["a.xml", "b.xml", "c.xml"])
    }

    /// What follows a word starting with `-` may be an option's value: never joined to anything.
    @Test func optionValuesStandardInputAndWhatFollowsTheTerminatorAreLeftAlone() {
        let arguments = [
            "parse", "--items", "//div", "a.xml", "b.xml", "--jobs", "2", "-", "c.xml", "d.xml", "--", "-e.xml", "f",
        ]
        let joined = ParseInputs.joined(arguments)
        #expect(
            joined == [
                "parse", "--items", "//div", "a.xml\u{0}b.xml", "--jobs", "2", "-", "c.xml", "d.xml", "--", "-e.xml",
                "f",
            ])
        #expect(
            ParseInputs.split(Array(joined.dropFirst())).filter { !$0.hasPrefix("-") || $0 == "-e.xml" } == [
                "//div", "a.xml", "b.xml", "2", "c.xml", "d.xml", "-e.xml", "f",
            ])
    }

    @Test func theBinaryReadsJoinedInputsInTheirOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = (0..<5).map { folder.appendingPathComponent("feed\($0).xml").path }
        for (number, path) in paths.enumerated() {
            let feed = "<rss version=\"2.0\"><channel><title>Feed \(number)</title></channel></rss>"
            try Data(feed.utf8).write(to: URL(fileURLWithPath: path))
        }
        let result = try VigieBinary.run(
            ["parse", "--jobs", "2"] + paths[0..<3] + ["--max-bytes", "100000"] + paths[3...])
        #expect(result.status == 0)
        let titles = try result.jsonLines().map { $0["title"] as? String }
        #expect(titles == (0..<5).map { "Feed \($0)" })
    }

    @Test func otherCommandsAreLeftAlone() {
        #expect(ParseInputs.joined(["score", "a", "b"]) == ["score", "a", "b"])
        #expect(ParseInputs.joined([]) == [])
    }
}
