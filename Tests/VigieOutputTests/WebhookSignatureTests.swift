import Foundation
import Testing
import VigieOutput

@Suite struct WebhookSignatureTests {
    /// The expected value was computed with Python's hmac module, independently of swift-crypto.
    @Test func signsTheTimestampDotBodyWithHMACSHA256() {
        let signature = WebhookSignature.sign(
            body: Data(#"{"text":"hi"}"#.utf8), timestamp: 1_700_000_000, secret: "topsecret")
        #expect(signature == "v1=50ca5eb6c82b9398df9cc00607201461e4477ab84600060e056de78073be92f7")
    }

    @Test(arguments: [
        (#"{"text":"hi"}"#, Int64(1_700_000_001), "topsecret"),  // another timestamp
        (#"{"text":"hi" }"#, Int64(1_700_000_000), "topsecret"),  // another body, one byte more
        (#"{"text":"hi"}"#, Int64(1_700_000_000), "topsecreT"),  // another secret
    ])
    func anyChangeBreaksTheSignature(body: String, timestamp: Int64, secret: String) {
        let good = WebhookSignature.sign(
            body: Data(#"{"text":"hi"}"#.utf8), timestamp: 1_700_000_000, secret: "topsecret")
        #expect(!WebhookSignature.verify(signature: good, body: Data(body.utf8), timestamp: timestamp, secret: secret))
        #expect(
            WebhookSignature.verify(
                signature: WebhookSignature.sign(body: Data(body.utf8), timestamp: timestamp, secret: secret),
                body: Data(body.utf8), timestamp: timestamp, secret: secret))
    }
}
