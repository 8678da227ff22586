import Foundation
import Testing
import VigieTestSupport

/// `vigie watch` raising alerts, `vigie alerts`, `vigie backtest --config` and the `alerts:` checks, as a
/// user runs them.
@Suite(.serialized) struct AlertsCommandTests {
    /// A folder with a feed of eight ordinary days about Acme and a negative wave in the last minutes, and a
    /// configuration whose webhook points at a closed loopback port.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vigie-alerts-cli-\(UUID().uuidString)")
        var config: String { folder.appendingPathComponent("vigie.yaml").path }

        init(alerts: String? = nil) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let now = Int(Date().timeIntervalSince1970)
            let start = now - now % 3_600 - 8 * 86_400
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            var xml = "<rss version=\"2.0\"><channel><title>News</title><link>https://news.example/</link>"
            func item(_ id: String, _ time: Int, _ text: String) {
                let date = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
                xml += "<item><guid>\(id)</guid><title>Acme \(text) (\(id))</title><pubDate>\(date)</pubDate></item>"
            }
            for hour in 0..<(8 * 24) {
                for index in 0..<10 {
                    item(
                        "h\(hour)-\(index)", start + hour * 3_600 + index * 300,
                        index == 0 ? "a terrible outage again, what a scam" : "opens a new shop downtown")
                }
            }
            for index in 0..<60 {
                item(
                    "w\(index)", now - 600 + index * 10,
                    index % 6 == 0 ? "opens a shop" : "a terrible outage, a scam, customers are furious")
            }
            xml += "</channel></rss>"
            try Data(xml.utf8).write(to: folder.appendingPathComponent("feed.xml"))
            let yaml = """
                storage: vigie.db
                brands:
                  - name: Acme
                    terms: [acme]
                sources:
                  - file://feed.xml
                alerts:
                \(alerts ?? """
                  delivery: {attempts: 3, first_retry: 1s, max_retry: 2s}
                  sinks:
                    - type: stdout
                    - type: webhook
                      name: ops
                      url: http://127.0.0.1:9/hook
                      timeout: 2s
                """)
                """
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func watchRaisesTheWaveStoresItAndKeepsTheFailedDeliveryVisible() throws {
        let setup = try Setup()
        let watch = try VigieBinary.run(["watch", "--config", setup.config, "--once", "--alerts-format", "jsonl"])
        #expect(watch.status == 0, "\(watch.stderr)")
        let printed = watch.lines.filter { $0.hasPrefix("{") }
        let spike = try #require(
            try printed.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0?["kind"] as? String == "negative_spike" } ?? nil)
        #expect(spike["brand"] as? String == "Acme")
        #expect((spike["most_negative"] as? [[String: Any]])?.isEmpty == false)

        let listed = try VigieBinary.run(["alerts", "--config", setup.config, "--format", "jsonl"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let alerts = try listed.jsonLines()
        let stored = try #require(alerts.first { $0["kind"] as? String == "negative_spike" })
        let delivery = try #require((stored["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["sink"] as? String == "ops")
        #expect(delivery["status"] as? String == "pending")
        #expect(delivery["attempts"] as? Int == 1)
        #expect((delivery["last_error"] as? String)?.isEmpty == false)

        let table = try VigieBinary.run(["alerts", "--config", setup.config])
        #expect(table.stdout.contains("negative_spike"))
        #expect(table.stdout.contains("ops: pending after 1 attempt"))

        // Running again raises nothing new: the alert is stored once.
        let again = try VigieBinary.run(["watch", "--config", setup.config, "--once", "--alerts-format", "jsonl"])
        #expect(again.lines.filter { $0.hasPrefix("{") }.isEmpty)
        #expect(
            try VigieBinary.run(["alerts", "--config", setup.config, "--format", "jsonl"]).lines.count == alerts.count)

        // The stored history replays through the backtest.
        let backtest = try VigieBinary.run(["backtest", "--config", setup.config, "--since", "30d"])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(
            try backtest.jsonLines().contains {
                $0["kind"] as? String == "negative_spike" && $0["brand"] as? String == "Acme"
            })
    }

    @Test(arguments: [
        ("  sinks:\n    - type: webhok", "alerts.sinks[0].type"),
        ("  sinks:\n    - type: webhook\n      name: ops\n      url: ftp://x", "alerts.sinks[0].url"),
        ("  detector: {warmup_bucket: 3}", "alerts.detector.warmup_bucket"),
        ("  delivery: {first_retry: soon}", "alerts.delivery.first_retry"),
        ("  timezone: Europe/Pariss", "alerts.timezone"),
    ])
    func badAlertSettingsAreReportedWithTheirPathAndLine(section: String, path: String) throws {
        let setup = try Setup(alerts: section)
        let check = try VigieBinary.run(["config", "check", "--config", setup.config])
        #expect(check.status != 0)
        #expect(check.stderr.contains(path), "\(check.stderr)")
        #expect(check.stderr.contains("vigie.yaml:"))
    }

    @Test func aMissingSecretVariableStopsWatchWithItsName() throws {
        let setup = try Setup(
            alerts:
                "  sinks:\n    - type: webhook\n      name: ops\n      url: http://127.0.0.1:9/\n      secret_env: VIGIE_TEST_UNSET_SECRET"
        )
        let watch = try VigieBinary.run(["watch", "--config", setup.config, "--once"])
        #expect(watch.status != 0)
        #expect(watch.stderr.contains("VIGIE_TEST_UNSET_SECRET"))
    }

    @Test func testWebhookNamesTheKnownWebhooksAndReportsAFailedPost() throws {
        let setup = try Setup()
        let unknown = try VigieBinary.run(["alerts", "test-webhook", "nope", "--config", setup.config])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("known: ops"))
        let refused = try VigieBinary.run(["alerts", "test-webhook", "ops", "--config", setup.config])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("127.0.0.1:9"))
    }

    @Test func backtestNeedsOneSource() throws {
        let neither = try VigieBinary.run(["backtest"])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("--mentions"))
    }
}
