import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import VigieFetch

/// Sends signed JSON POSTs to webhooks, one attempt at a time (the outbox decides about retries).
///
/// Redirects: only 307 and 308 are followed (they keep the POST and its body,
/// so the signature still holds), at most ``maximumRedirects`` of them, and
/// only where a feed's redirect may go: each hop's host is resolved and
/// checked with `RedirectRule` (no loopback, link-local, private-network or
/// unspecified address unless the configured URL is one, or
/// `allowPrivateRedirects`), and the connection goes to the checked address.
/// A 301, 302 or 303 would turn the POST into a GET: it is reported, not followed.
public final class WebhookClient: Sendable {
    /// What one attempt gave.
    public enum Outcome: Sendable, Hashable {
        /// The receiver answered 2xx.
        case accepted(status: Int)
        /// The receiver answered something else, or could not be reached in time; the reason is for people.
        case failed(String)
    }

    /// Redirects followed before giving up.
    public static let maximumRedirects = 5

    private let client: HTTPClient
    private let logger: Logger
    private let allowPrivateRedirects: Bool
    private let resolver: any HostResolver

    /// A client with its own connection pool; call ``shutdown()`` when done.
    /// - Parameters:
    ///   - allowPrivateRedirects: `fetch: allow_private_redirects:` from the configuration.
    ///   - resolver: turns redirect targets' host names into addresses (tests inject their own).
    public init(logger: Logger, allowPrivateRedirects: Bool = false, resolver: any HostResolver = SystemResolver()) {
        self.logger = logger
        self.allowPrivateRedirects = allowPrivateRedirects
        self.resolver = resolver
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
        let deadline = NIODeadline.now() + .milliseconds(milliseconds)
        do {
            var answer = try await Self.exchange(request, on: client, deadline: deadline, logger: logger)
            var current = url
            var visited: Set<String> = [url.absoluteString]
            var rule: RedirectRule?
            while let location = answer.location {
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                    ["http", "https"].contains(next.scheme?.lowercased() ?? ""), next.host?.isEmpty == false
                else {
                    return .failed(
                        "HTTP \(answer.status) \(answer.reason) to an unusable Location (\(location.prefix(100)))")
                }
                guard answer.status == 307 || answer.status == 308 else {
                    return .failed(
                        "HTTP \(answer.status) \(answer.reason): redirected to \(next.absoluteString), not followed "
                            + "(webhooks follow only 307 and 308, which keep the POST); configure the new URL")
                }
                guard visited.insert(next.absoluteString).inserted else {
                    return .failed("redirect loop: HTTP \(answer.status) back to \(next.absoluteString)")
                }
                guard visited.count <= Self.maximumRedirects + 1 else {
                    return .failed("too many redirects (more than \(Self.maximumRedirects))")
                }
                // Where the configured URL is decides where its redirects may go besides the internet.
                let checker: RedirectRule
                if let rule {
                    checker = rule
                } else {
                    let origin = try await resolver.addresses(of: RedirectRule.host(of: url))
                    checker = RedirectRule(originAddresses: origin, allowPrivate: allowPrivateRedirects)
                    rule = checker
                }
                let address: IPAddress
                do {
                    address = try await checker.destination(of: next, resolver: resolver)
                } catch let refusal as RedirectRefusal {
                    return .failed(refusal.message)
                }
                request.url = next.absoluteString
                answer = try await pinnedExchange(request, url: next, address: address, deadline: deadline)
                current = next
            }
            if (200..<300).contains(answer.status) { return .accepted(status: answer.status) }
            return .failed("HTTP \(answer.status) \(answer.reason)")
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return .failed("no answer within \(Self.text(timeout))")
            case .connectTimeout:
                return .failed("could not connect within \(Self.text(timeout))")
            default:
                return .failed("\(error)")
            }
        } catch let error as HostResolutionError {
            return .failed(error.description)
        } catch {
            return .failed("\(error)")
        }
    }

    /// What one request brought back: the status and, for a redirect, where to.
    private struct Answer {
        var status: Int
        var reason: String
        var location: String?
    }

    private static func exchange(
        _ request: HTTPClientRequest, on client: HTTPClient, deadline: NIODeadline, logger: Logger
    ) async throws -> Answer {
        let response = try await client.execute(request, deadline: deadline, logger: logger)
        // Read (a little of) the body so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        let status = Int(response.status.code)
        let location = (300..<400).contains(status) ? response.headers.first(name: "Location") : nil
        return Answer(status: status, reason: response.status.reasonPhrase, location: location)
    }

    /// One redirect hop, on a short-lived client that connects to the checked `address` only.
    private func pinnedExchange(
        _ request: HTTPClientRequest, url: URL, address: IPAddress, deadline: NIODeadline
    ) async throws -> Answer {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        configuration.pin(url, to: address)
        let hop = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
            backgroundActivityLogger: logger)
        do {
            let answer = try await Self.exchange(request, on: hop, deadline: deadline, logger: logger)
            try? await hop.shutdown()
            return answer
        } catch {
            try? await hop.shutdown()
            throw error
        }
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private static func text(_ duration: Duration) -> String {
        let c = duration.components
        return c.attoseconds == 0
            ? "\(c.seconds) s" : String(format: "%.1f s", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
    }
}
