import Foundation
import Testing
import VigieTestSupport

@Suite struct BacktestCommandTests {
    /// A small history written for the test: two brands, 20 days of regular hourly mentions, and a wave of
    /// negative mentions on `acme` on day 15 at 10:00.
    static func writeHistory(waveOnAcme: Bool = true) throws -> URL {
        let start = 1_714_521_600  // 2024-05-01T00:00:00Z
        var csv = "time,brand,score,lang\n"
        func stamp(_ t: Int) -> String {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
        }
        for hour in 0..<(20 * 24) {
            let busy = (8...20).contains(hour % 24)
            let count = busy ? 12 : 3
            for i in 0..<count {
                let t = start + hour * 3600 + i * (3600 / count)
                // One negative mention in ten, spread evenly.
                let score = (hour * 7 + i) % 10 == 0 ? "-0.6" : (i % 3 == 0 ? "0.4" : "0.0")
                csv += "\(stamp(t)),acme,\(score),fr\n"
                if i % 2 == 0 { csv += "\(stamp(t + 1)),globex,\(score),en\n" }
            }
            if waveOnAcme && hour >= 15 * 24 + 10 && hour < 15 * 24 + 14 {
                for i in 0..<25 { csv += "\(stamp(start + hour * 3600 + i * 100)),acme,-0.8,fr\n" }
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-backtest-\(UUID()).csv")
        try Data(csv.utf8).write(to: url)
        return url
    }

    @Test func printsOneSpikePerCrisisRaisedWithinItsBucket() throws {
        let url = try Self.writeHistory()
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try VigieBinary.run(["backtest", "--mentions", url.path])
        #expect(result.status == 0)
        let alerts = try result.jsonLines()
        let spikes = alerts.filter { $0["kind"] as? String == "negative_spike" }
        #expect(spikes.count == 1)
        let spike = try #require(spikes.first)
        #expect(spike["brand"] as? String == "acme")
        #expect(spike["bucket_start"] as? String == "2024-05-16T10:00:00Z")
        // 25 negatives in 40 minutes on a brand with about one an hour: raised before the hour is out, at
        // the mention that made the evidence overwhelming.
        let raisedAt = try #require(spike["raised_at"] as? String)
        #expect(raisedAt > "2024-05-16T10:00:00Z")
        #expect(raisedAt < "2024-05-16T11:00:00Z")
        for field in ["severity", "negative", "baseline", "mentions", "negative_share"] {
            #expect(spike[field] != nil, "missing \(field)")
        }
        // Raised at the fifth angry mention of the bucket, eight minutes in, against about one an hour.
        #expect((spike["negative"] as? Int ?? 0) >= 5)
        #expect(alerts.contains { $0["kind"] as? String == "resolved" && $0["brand"] as? String == "acme" })
        #expect(!alerts.contains { $0["brand"] as? String == "globex" })
        #expect(result.stderr.contains("2 brands"))
    }

    @Test func aQuietHistoryPrintsNothing() throws {
        let url = try Self.writeHistory(waveOnAcme: false)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try VigieBinary.run(["backtest", "--mentions", url.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        ("when,brand,score\n2024-05-01T00:00:00Z,acme,0.1\n", ":1: the header has no `time` column"),
        ("time,brand,score\n2024-05-01T00:00:00Z,acme,0.1\nnot a time,acme,0.2\n", ":3: unreadable time 'not a time'"),
    ])
    func aBadFileIsReportedWithItsLine(content: String, message: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-bad-\(UUID()).csv")
        try Data(content.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try VigieBinary.run(["backtest", "--mentions", url.path])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(url.path + message))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func aMissingFileIsNamed() throws {
        let result = try VigieBinary.run(["backtest", "--mentions", "/nonexistent/history.csv"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/history.csv"))
    }

    @Test func helpDescribesTheInput() throws {
        let result = try VigieBinary.run(["backtest", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--mentions"))
        #expect(result.stdout.contains("raised_at"))
    }
}
