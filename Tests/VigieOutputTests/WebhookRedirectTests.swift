import Foundation
import Logging
import Testing
import VigieOutput
import VigieTestSupport

/// Webhook redirects follow the rule of issue 11: 307 and 308 (which keep the
/// POST) are followed to the internet or within the configured URL's own
/// scope, nowhere else; other redirects are reported, not followed.
@Suite(.dedicatedThread, .serialized, .timeLimit(.minutes(2))) struct WebhookRedirectTests {
    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// A generous timeout: the deadline is not what these tests are about, and a busy machine must not fail them.
    static func send(_ client: WebhookClient, to url: String) async throws -> WebhookClient.Outcome {
        await client.send(
            body: Data(#"{"text":"Acme"}"#.utf8), to: try #require(URL(string: url)), idempotencyKey: "k-1",
            secret: "s3cret", timeout: .seconds(60))
    }

    static func query(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
    }

    @Test(arguments: [
        ("http://169.254.169.254/hook", "link-local address"), ("http://10.0.0.1/hook", "private-network address"),
        ("http://[::ffff:192.168.0.1]/hook", "private-network address"),
    ])
    func aRedirectOutOfScopeIsRefused(target: String, scope: String) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let client = WebhookClient(logger: Self.logger)
            let outcome = try await Self.send(client, to: base + "/hook/redirect/307?to=" + Self.query(target))
            try await client.shutdown()
            guard case .failed(let reason) = outcome else {
                Issue.record("expected a refusal, got \(outcome)")
                return
            }
            #expect(reason.hasPrefix("redirect to \(target) refused: \(scope)"), "\(reason)")
            #expect(reason.contains("allow_private_redirects"), "\(reason)")
        }
    }

    @Test func a308WithinTheConfiguredScopeIsFollowedWithTheSameSignedBody() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let client = WebhookClient(logger: Self.logger)
            let port = try #require(URL(string: base)?.port)
            let target = "http://localhost:\(port)/hook/ok"
            let outcome = try await Self.send(client, to: base + "/hook/redirect/308?to=" + Self.query(target))
            try await client.shutdown()
            #expect(outcome == .accepted(status: 200))
            let requests = receiver.received
            #expect(requests.map(\.path) == ["/hook/redirect/308", "/hook/ok"])
            #expect(requests.count == 2 && requests[0].body == requests[1].body)
            #expect(requests.count == 2 && requests[0].signature == requests[1].signature)
        }
    }

    @Test func aRedirectThatWouldDropThePOSTIsReported() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            let client = WebhookClient(logger: Self.logger)
            let outcome = try await Self.send(client, to: base + "/hook/redirect/302?to=%2Fhook%2Fok")
            try await client.shutdown()
            guard case .failed(let reason) = outcome else {
                Issue.record("expected a failure, got \(outcome)")
                return
            }
            #expect(reason.contains("redirected to \(base)/hook/ok, not followed"), "\(reason)")
            #expect(receiver.received.map(\.path) == ["/hook/redirect/302"])
        }
    }
}
