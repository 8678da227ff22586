import Crypto
import Foundation

/// The signature Vigie puts on every webhook request, so a receiver can check that the body came from
/// Vigie and was not replayed long after.
///
/// `X-Vigie-Timestamp: <unix seconds>` and `X-Vigie-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`,
/// computed over the exact bytes of the body.
public enum WebhookSignature {
    /// The header carrying the timestamp.
    public static let timestampHeader = "X-Vigie-Timestamp"
    /// The header carrying the signature.
    public static let signatureHeader = "X-Vigie-Signature"

    /// `v1=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"` under `secret`.
    public static func sign(body: Data, timestamp: Int64, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is the one ``sign(body:timestamp:secret:)`` gives (compared in constant time).
    public static func verify(signature: String, body: Data, timestamp: Int64, secret: String) -> Bool {
        let expected = Array(sign(body: body, timestamp: timestamp, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}
