import Foundation
import Testing
import VigieTestSupport

/// A command whose output cannot be written (a full disk: `/dev/full`) says so and fails, rather than
/// exiting 0 with its output lost, or crashing.
@Suite struct OutputFailureTests {
    static func temporaryFile(_ name: String, _ content: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-full-\(UUID())-\(name)")
        try Data(content.utf8).write(to: url)
        return url.path
    }

    static func feed() throws -> String {
        try temporaryFile(
            "feed.xml",
            """
            <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Cerise en panne</title><link>https://a.example/1</link></item></channel></rss>
            """)
    }

    @Test(arguments: ["score", "parse", "backtest"])
    func aFullDiskIsReportedAndFailsTheCommand(command: String) throws {
        let arguments: [String]
        switch command {
        case "score": arguments = ["score", "Cerise est super", "Cerise est nul"]
        case "parse": arguments = ["parse", try Self.feed()]
        default: arguments = ["backtest", "--mentions", try BacktestCommandTests.writeHistory().path]
        }
        try #require(FileManager.default.fileExists(atPath: "/dev/full"))
        let result = try VigieBinary.run(arguments, stdoutPath: "/dev/full")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("vigie \(command): cannot write to stdout: No space left on device"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func scoringStandardInputStopsAtAFullDisk() throws {
        let lines = String(repeating: "Cerise est vraiment nul, service en panne\n", count: 20_000)
        let result = try VigieBinary.run(["score"], stdin: lines, stdoutPath: "/dev/full")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write to stdout"))
    }
}
