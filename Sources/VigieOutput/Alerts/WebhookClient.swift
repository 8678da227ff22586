import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends signed JSON POSTs to webhooks, one attempt at a time (the outbox decides about retries).
public final class WebhookClient: Sendable {
    /// What one attempt gave.
    public enum Outcome: Sendable, Hashable {
        /// The receiver answered 2xx.
        case accepted(status: Int)
        /// The receiver answered something else, or could not be reached in time; the reason is for people.
        case failed(String)
    }

    private let client: HTTPClient
    private let logger: Logger

    /// A client with its own connection pool; call ``shutdown()`` when done.
    public init(logger: Logger) {
        self.logger = logger
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
            backgroundActivityLogger: logger)
    }

    /// POSTs `body` to `url` with the idempotency key and, when `secret` is given, the signature headers.
    public func send(
        body: Data, to url: URL, idempotencyKey: String, secret: String?, timeout: Duration, now: Date = Date()
    ) async -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Vigie-Webhook/1")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        if let secret {
            let timestamp = Int64(now.timeIntervalSince1970)
            request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
            request.headers.add(
                name: WebhookSignature.signatureHeader,
                value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            let response = try await client.execute(request, timeout: .milliseconds(milliseconds), logger: logger)
            // Read (a little of) the body so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .accepted(status: status) }
            return .failed("HTTP \(status) \(response.status.reasonPhrase)")
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return .failed("no answer within \(Self.text(timeout))")
            case .connectTimeout:
                return .failed("could not connect within \(Self.text(timeout))")
            default:
                return .failed("\(error)")
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private static func text(_ duration: Duration) -> String {
        let c = duration.components
        return c.attoseconds == 0 ? "\(c.seconds) s" : String(format: "%.1f s", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
    }
}
