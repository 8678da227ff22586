import Foundation
import Testing
import VigieTestSupport

/// `vigie watch`, `vigie mentions` and `vigie sources` as a user runs them.
@Suite(.serialized) struct WatchCommandTests {
    /// A folder with a configuration watching `feeds` generated feeds of `items` entries each.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vigie-watch-cli-\(UUID().uuidString)")
        var config: String { folder.appendingPathComponent("vigie.yaml").path }

        init(feeds: Int, items: Int) throws {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("feeds"), withIntermediateDirectories: true)
            let words = ["great service, I love it", "a terrible outage, a scam", "opens a new shop", "refund refused"]
            for feed in 0..<feeds {
                var xml =
                    "<rss version=\"2.0\"><channel><title>Feed \(feed)</title><link>https://f\(feed).example/</link>"
                for item in 0..<items {
                    let brand = (feed + item) % 3 == 0 ? "Lumio" : "Acme"
                    xml +=
                        "<item><guid>f\(feed)-\(item)</guid><title>\(brand) \(words[(feed * 7 + item) % words.count]) #\(feed)-\(item)</title>"
                    xml += "<pubDate>Mon, 06 May 2024 \(String(format: "%02d", item % 24)):00:00 GMT</pubDate></item>"
                }
                xml += "</channel></rss>"
                try Data(xml.utf8).write(to: folder.appendingPathComponent("feeds/f\(feed).xml"))
            }
            let yaml = ConfigText.yaml(
                brands: ["Acme", "Lumio"], feeds: (0..<feeds).map { ("feeds/f\($0).xml", "Feed \($0)") })
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func mentionCount() throws -> Int {
            let result = try VigieBinary.run(["mentions", "--config", config, "--since", "36500d", "--format", "jsonl"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.lines.count
        }
    }

    @Test func onceStoresMentionsAndSourcesShowTheirState() throws {
        let setup = try Setup(feeds: 3, items: 4)
        let run = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("cycle 1: 3 sources (3 fetched"))
        #expect(run.stdout.contains("Acme:"))
        #expect(try setup.mentionCount() == 12)

        let sources = try VigieBinary.run(["sources", "--config", setup.config, "--format", "jsonl"])
        let states = try sources.jsonLines()
        #expect(states.count == 3)
        #expect(states.allSatisfy { $0["status"] as? String == "ok (200)" && $0["mentions"] as? Int == 4 })

        let again = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        #expect(again.stderr.contains("3 not modified"))
        #expect(try setup.mentionCount() == 12)
    }

    @Test func mentionsFiltersAndFormats() throws {
        let setup = try Setup(feeds: 2, items: 6)
        _ = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        let lumio = try VigieBinary.run(
            ["mentions", "--config", setup.config, "--brand", "Lumio", "--since", "36500d", "--format", "jsonl"])
        let rows = try lumio.jsonLines()
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["brand"] as? String == "Lumio" })
        let csv = try VigieBinary.run(["mentions", "--config", setup.config, "--since", "36500d", "--format", "csv"])
        #expect(
            csv.stdout.hasPrefix(
                "time,brand,source,title,link,language,score,label,matched_terms,text,carriers,seen\r\n"))
        let unknown = try VigieBinary.run(["mentions", "--config", setup.config, "--brand", "Nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown brand"))
    }

    /// kill -9 in the middle of a pass, then a restart: the counts equal those
    /// of an uninterrupted pass (nothing lost, nothing twice).
    @Test func killedMidRunAndRestartedLosesAndDuplicatesNothing() throws {
        let reference = try Setup(feeds: 120, items: 25)
        let clean = try VigieBinary.run(["watch", "--config", reference.config, "--once"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try reference.mentionCount()
        #expect(expected == 120 * 25)

        var interrupted = false
        for delay in [0.15, 0.3, 0.6, 0.05, 1.0] where !interrupted {
            let setup = try Setup(feeds: 120, items: 25)
            let process = Process()
            process.executableURL = VigieBinary.url
            process.arguments = ["watch", "--config", setup.config, "--once", "--log-level", "error"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let partial = try setup.mentionCount()
            interrupted = process.terminationReason == .uncaughtSignal && partial < expected
            let restart = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
            #expect(restart.status == 0, "\(restart.stderr)")
            #expect(try setup.mentionCount() == expected, "after a kill at \(delay) s with \(partial) stored")
        }
        #expect(interrupted, "no attempt was killed mid-run; the test proved nothing")
    }
}
