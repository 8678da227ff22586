import Foundation
import Testing
import VigieCore
import VigieDetect

@Suite struct AlertJSONLineTests {
    private let alert = Alert(
        brand: "Ac\"me", kind: .negativeSpike, severity: .critical, bucketStart: 1_714_550_400,
        raisedAt: 1_714_554_000, incidentStart: 1_714_550_400,
        evidence: AlertEvidence(
            mentions: 55, negatives: 41, baseline: 6.5, negativeShare: 41.0 / 55, usualNegativeShare: 0.11,
            windowBuckets: 2, windowMentions: 80, windowNegatives: 50, windowBaseline: 12.25, probability: 3.2e-12),
        mostNegative: [
            AlertMention(
                text: "Rappel massif\nchez Acme", source: "https://news.example/feed", link: "https://news.example/1",
                score: -0.91, terms: ["rappel", "scandale"], publishedAt: 1_714_551_000)
        ])

    @Test func carriesTheContractFields() throws {
        let line = alert.jsonLine
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["brand"] as? String == "Ac\"me")
        #expect(object["kind"] as? String == "negative_spike")
        #expect(object["bucket_start"] as? String == "2024-05-01T08:00:00Z")
        #expect(object["raised_at"] as? String == "2024-05-01T09:00:00Z")
        #expect(object["severity"] as? String == "critical")
        #expect(object["negative"] as? Int == 41)
        #expect(object["mentions"] as? Int == 55)
        #expect(object["baseline"] as? Double == 6.5)
        #expect(object["negative_share"] as? Double == 0.7455)
        #expect((object["probability"] as? Double).map { abs($0 - 3.2e-12) < 1e-14 } == true)
        let window = try #require(object["window"] as? [String: Any])
        #expect(window["buckets"] as? Int == 2)
        #expect(window["baseline"] as? Double == 12.25)
        let quoted = try #require((object["most_negative"] as? [[String: Any]])?.first)
        #expect(quoted["text"] as? String == "Rappel massif\nchez Acme")
        #expect(quoted["terms"] as? [String] == ["rappel", "scandale"])
        #expect(object["key"] as? String == alert.key)
    }

    @Test func theKeyIsStableAndDistinguishesKinds() {
        var resolved = alert
        resolved.kind = .resolved
        #expect(alert.key == alert.key)
        #expect(resolved.key != alert.key)
    }
}
