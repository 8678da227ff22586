import Foundation
import VigieCore
import VigieStore

/// How an alert reads for people: one line for a terminal or a chat message.
public enum AlertText {
    /// e.g. `2026-11-21T13:00:00Z CRITICAL negative_spike Acme: 42 negative of 60 mentions (70%), expected 3.1`.
    public static func line(_ alert: StoredAlert) -> String {
        let time = RFC3339.format(Int64(alert.bucketStart.timeIntervalSince1970.rounded(.down)))
        let share = Int((alert.share * 100).rounded())
        var text = "\(time) \(alert.severity.rawValue.uppercased()) \(alert.kind.rawValue) \(alert.brand): "
        if alert.kind == .resolved {
            text += "back to normal (\(alert.negativeCount) negative of \(alert.count) mentions, expected "
            text += String(format: "%.1f", alert.baseline) + ")"
        } else {
            text += "\(alert.negativeCount) negative of \(alert.count) mentions (\(share)%), expected "
            text += String(format: "%.1f", alert.baseline)
        }
        if let worst = worstMention(alert) { text += " — \"\(worst)\"" }
        return text
    }

    /// The text of the most negative quoted mention, shortened, if the explanation has one.
    static func worstMention(_ alert: StoredAlert) -> String? {
        guard let data = alert.explanation.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let mentions = object["most_negative"] as? [[String: Any]],
            let text = mentions.first?["text"] as? String, !text.isEmpty
        else { return nil }
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(119)) + "…" : flat
    }
}
