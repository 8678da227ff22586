import Foundation
import Synchronization
import Testing
import VigieTestSupport

/// `vigie watch` as an operator runs it: stopped by SIGTERM whatever the network
/// does, alone on its store, and the README's tour true to the Samples.
@Suite(.serialized) struct WatchLifecycleTests {
    /// A folder with a configuration: `fileFeeds` good local feeds and, optionally, one hung HTTP feed.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-life-\(UUID().uuidString)")
        var config: String { folder.appendingPathComponent("vigie.yaml").path }
        var database: String { folder.appendingPathComponent("vigie.db").path }

        init(fileFeeds: Int, hungURL: String? = nil) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for feed in 0..<fileFeeds {
                let xml = """
                    <rss version="2.0"><channel><title>Feed \(feed)</title><link>https://f\(feed).example/</link>
                    <item><guid>f\(feed)-1</guid><title>Acme opens a shop #\(feed)</title></item></channel></rss>
                    """
                try Data(xml.utf8).write(to: folder.appendingPathComponent("f\(feed).xml"))
            }
            let yaml = ConfigText.yaml(
                brands: ["Acme"], feeds: (0..<fileFeeds).map { ("f\($0).xml", "Feed \($0)") },
                moreSources: hungURL.map { "  - url: \($0)\n    name: Hung\n" } ?? "")
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Starts `vigie ARGUMENTS` in the background, its output into files of the folder.
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = VigieBinary.url
            process.arguments = arguments
            process.environment = ProcessRunner.cleanEnvironment()
            let name = UUID().uuidString
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("\(name).out").path, contents: nil)
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("\(name).err").path, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: folder.appendingPathComponent("\(name).out").path)
            process.standardError = FileHandle(forWritingAtPath: folder.appendingPathComponent("\(name).err").path)
            try process.run()
            return process
        }

        func sources() throws -> [[String: Any]] {
            let result = try VigieBinary.run(["sources", "--config", config, "--format", "jsonl"])
            return try result.jsonLines()
        }
    }

    /// Waits, at most about `limit` seconds (a safety net, not a measure), until `condition` holds.
    static func eventually(_ limit: Double = 120, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Waits for `process` to end; kills it and returns false if it has not ended after the safety net.
    static func ends(_ process: Process, limit: Double = 120) -> Bool {
        if eventually(limit, { !process.isRunning }) { return true }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return false
    }

    /// SIGTERM while a feed hangs: the hung fetch is cancelled, not waited for (its read timeout is
    /// 30 s) and not recorded as a failure; the good feeds' mentions are stored; exit status 0.
    @Test func sigtermCancelsAHungFetchAndKeepsWhatWasFetched() throws {
        // A feed that reads the request and never answers, until the client goes away.
        let asked = Mutex(0)
        let server = try RawServer { connection in
            guard connection.readHead() != nil else { return }
            asked.withLock { $0 += 1 }
            while connection.readHead() != nil {}
        }
        defer { server.stop() }
        let hungURL = server.base + "/feed.xml"
        let setup = try Setup(fileFeeds: 3, hungURL: hungURL)
        let watcher = try setup.start(["watch", "--config", setup.config])
        #expect(Self.eventually { asked.withLock { $0 } >= 1 }, "the watcher never asked the hung feed")
        // The good feeds are stored while the hung one is still in flight.
        #expect(
            try Self.eventually {
                try setup.sources().filter { ($0["mentions"] as? Int) == 1 }.count == 3
            })
        kill(watcher.processIdentifier, SIGTERM)
        #expect(Self.ends(watcher), "vigie watch did not stop after SIGTERM")
        #expect(watcher.terminationStatus == 0)

        let hung = try #require(try setup.sources().first { ($0["url"] as? String) == hungURL })
        let status = hung["status"] as? String ?? ""
        #expect(!status.contains("failing"), "the interrupted fetch was recorded as a failure: \(status)")
        #expect(try setup.sources().filter { ($0["mentions"] as? Int) == 1 }.count == 3)
    }

    /// A second watcher on the same store is refused at once and names the running one.
    @Test func aSecondWatcherOnTheSameStoreIsRefusedAndNamesTheFirst() throws {
        let setup = try Setup(fileFeeds: 2)
        let first = try setup.start(["watch", "--config", setup.config])
        defer {
            if first.isRunning {
                kill(first.processIdentifier, SIGKILL)
                first.waitUntilExit()
            }
        }
        let lockFile = setup.database + ".watch-lock"
        #expect(
            Self.eventually {
                ((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").contains(
                    "pid=\(first.processIdentifier)")
            })
        let second = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already watching"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier)"), "\(second.stderr)")
        #expect(second.stdout.isEmpty)

        kill(first.processIdentifier, SIGTERM)
        #expect(Self.ends(first))
        // Once the first has stopped, the store is free again.
        let third = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        #expect(third.status == 0, "\(third.stderr)")
    }

    /// The README's tour shows what the Samples really give.
    @Test func theReadmeTourShowsWhatTheSamplesGive() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let command = "$ vigie watch --config Samples/vigie.yaml --once"
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: command), "README has no '\(command)' in its tour")
        let shown = Array(lines[(start + 1)...].prefix { !$0.isEmpty })
        #expect(!shown.isEmpty)

        // The Samples, copied so that the run stores into a fresh database of its own.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-tour-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: root.appendingPathComponent("Samples"), to: folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.contains(".db") {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let run = try VigieBinary.run(["watch", "--config", folder.appendingPathComponent("vigie.yaml").path, "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines == shown, "README shows:\n\(shown.joined(separator: "\n"))\nthe Samples give:\n\(run.stdout)")
    }
}
