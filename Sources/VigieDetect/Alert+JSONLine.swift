import Foundation
import VigieCore

extension Alert {
    /// The alert as one JSON line of the `vigie backtest` contract (`docs/INTERFACE.md`): `brand`, `kind`,
    /// `bucket_start`, `raised_at`, `severity`, `negative`, `baseline`, `mentions`, `negative_share`, then
    /// the rest of the explanation (`usual_negative_share`, the deciding `window`, `probability`,
    /// `incident_start`, `key` and the quoted `most_negative` mentions). No trailing newline.
    public var jsonLine: String {
        var out = "{"
        func key(_ name: String) {
            if out.count > 1 { out += "," }
            out += "\"\(name)\":"
        }
        func string(_ name: String, _ value: String) {
            key(name)
            out += Self.jsonString(value)
        }
        func number(_ name: String, _ value: Double, digits: Int = 3) {
            key(name)
            out += Self.jsonNumber(value, digits: digits)
        }
        func integer(_ name: String, _ value: Int) {
            key(name)
            out += String(value)
        }
        string("brand", brand)
        string("kind", kind.rawValue)
        string("bucket_start", RFC3339.format(bucketStart))
        string("raised_at", RFC3339.format(raisedAt))
        string("severity", severity.rawValue)
        integer("negative", evidence.negatives)
        number("baseline", evidence.baseline)
        integer("mentions", evidence.mentions)
        number("negative_share", evidence.negativeShare, digits: 4)
        number("usual_negative_share", evidence.usualNegativeShare, digits: 4)
        key("window")
        out += "{\"buckets\":\(evidence.windowBuckets),\"mentions\":\(evidence.windowMentions)"
        out += ",\"negative\":\(evidence.windowNegatives),\"baseline\":"
        out += Self.jsonNumber(evidence.windowBaseline, digits: 3) + "}"
        key("probability")
        out += evidence.probability > 0 ? String(format: "%.3g", evidence.probability) : "0"
        string("incident_start", RFC3339.format(incidentStart))
        string("key", self.key)
        key("most_negative")
        out += "["
        for (i, mention) in mostNegative.enumerated() {
            if i > 0 { out += "," }
            out += "{\"text\":" + Self.jsonString(mention.text) + ",\"source\":" + Self.jsonString(mention.source)
            out += ",\"link\":" + (mention.link.map(Self.jsonString) ?? "null")
            out += ",\"score\":" + Self.jsonNumber(mention.score, digits: 4)
            out += ",\"terms\":[" + mention.terms.map(Self.jsonString).joined(separator: ",") + "]"
            out += ",\"published_at\":" + Self.jsonString(RFC3339.format(mention.publishedAt)) + "}"
        }
        out += "]}"
        return out
    }

    /// A finite number rounded to `digits` decimals, written without exponent (`null` otherwise).
    static func jsonNumber(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "null" }
        var bytes: [UInt8] = []
        JSONLine.appendNumber(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal, escaped.
    static func jsonString(_ value: String) -> String {
        var bytes: [UInt8] = []
        JSONLine.appendString(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
