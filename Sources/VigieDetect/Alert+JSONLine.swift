import Foundation
import VigieCore

extension Alert {
    /// The alert as one JSON line of the `vigie backtest` contract (`docs/INTERFACE.md`): `brand`, `kind`,
    /// `bucket_start`, `raised_at`, `severity`, `negative`, `baseline`, `mentions`, `negative_share`, then
    /// the rest of the explanation (`usual_negative_share`, the deciding `window` with the `test` that
    /// decided and `since` when its evidence accumulated, `probability`,
    /// `incident_start`, `key` and the quoted `most_negative` mentions). No trailing newline. Written once,
    /// here, through ``JSONLine``: the store keeps it, and stdout, the webhooks and `vigie alerts` show it.
    public var jsonLine: String {
        var line = JSONLine()
        line.field("brand", brand)
        line.field("kind", kind.rawValue)
        line.field("bucket_start", RFC3339.format(bucketStart))
        line.field("raised_at", RFC3339.format(raisedAt))
        line.field("severity", severity.rawValue)
        line.field("negative", evidence.negatives)
        line.field("baseline", evidence.baseline, digits: 3)
        line.field("mentions", evidence.mentions)
        line.field("negative_share", evidence.negativeShare, digits: 4)
        line.field("usual_negative_share", evidence.usualNegativeShare, digits: 4)
        var window = JSONLine()
        window.field("test", evidence.test.rawValue)
        window.field("since", RFC3339.format(evidence.windowStart))
        window.field("buckets", evidence.windowBuckets)
        window.field("mentions", evidence.windowMentions)
        window.field("negative", evidence.windowNegatives)
        window.field("baseline", evidence.windowBaseline, digits: 3)
        line.field("window", raw: window.finish(newline: false))
        let probability = evidence.probability > 0 ? String(format: "%.3g", evidence.probability) : "0"
        line.field("probability", raw: Array(probability.utf8))
        line.field("incident_start", RFC3339.format(incidentStart))
        line.field("key", key)
        line.field("most_negative", objects: mostNegative) { mention, object in
            object.field("text", mention.text)
            object.field("source", mention.source)
            object.field("link", mention.link)
            object.field("score", mention.score, digits: 4)
            object.field("terms", mention.terms)
            object.field("published_at", RFC3339.format(mention.publishedAt))
        }
        return String(decoding: line.finish(newline: false), as: UTF8.self)
    }
}
