import Foundation
import VigieStore

/// The JSON body of a webhook request.
///
/// `{"text": …, "idempotency_key": …, "sink": …, "test": false, "alert": {…}}`: `text` is one readable line
/// (what Slack and compatible chats show), `alert` the alert's full explanation (the `vigie backtest` line).
public enum AlertPayload {
    /// The body for one outbox delivery; the same delivery always gives the same bytes.
    public static func body(for delivery: Delivery) -> Data {
        body(
            text: AlertText.line(delivery.alert), key: delivery.idempotencyKey, sink: delivery.sink, test: false,
            alertJSON: delivery.alert.explanation)
    }

    /// The body of `vigie alerts test-webhook`: marked `"test": true`, with a sample alert.
    public static func testBody(sink: String, key: String, at date: Date) -> Data {
        let time = Int64(date.timeIntervalSince1970)
        let alert = "{\"brand\":\"vigie-test\",\"kind\":\"test\",\"raised_at\":\(time)}"
        return body(
            text: "Vigie test message for webhook \(sink): if you read this, alerts will reach you.", key: key,
            sink: sink, test: true, alertJSON: alert)
    }

    private static func body(text: String, key: String, sink: String, test: Bool, alertJSON: String) -> Data {
        let trimmed = alertJSON.trimmingCharacters(in: .whitespacesAndNewlines)
        let alert = trimmed.hasPrefix("{") ? trimmed : "{}"
        var out = "{\"text\":" + quote(text) + ",\"idempotency_key\":" + quote(key) + ",\"sink\":" + quote(sink)
        out += ",\"test\":\(test),\"alert\":" + alert + "}"
        return Data(out.utf8)
    }

    static func quote(_ value: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])) ?? Data()
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
