import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VigieOutput
import VigieTestSupport

/// A webhook receiver on 127.0.0.1 (port chosen by the system) that misbehaves on demand:
/// `/hook/ok`, `/hook/fail/N` (500 to the first N requests), `/hook/always500`,
/// `/hook/slow/MS` (answers 200 after MS milliseconds), `/hook/held` (answers 200 once ``release()`` is
/// called), `/hook/never` (reads the request, then never answers; recorded with status 0 as soon as it
/// arrives), `/hook/redirect/STATUS?to=URL` (answers STATUS with `Location: URL`). It records every
/// request it gets.
final class WebhookReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var path: String
        var key: String?
        var timestamp: String?
        var signature: String?
        var body: Data
        var status: Int
    }

    private let lock = NSLock()
    private var requests: [Received] = []
    private var counts: [String: Int] = [:]

    private var released = false

    /// Every request answered (or, for `/hook/never`, received), in that order.
    var received: [Received] { lock.withLock { requests } }

    /// How many requests arrived at `path`, answered or not.
    func arrivals(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }

    /// Lets `/hook/held` answer the requests it holds, and the later ones at once.
    func release() { lock.withLock { released = true } }

    private func note(_ request: Request, body: Data, status: HTTPResponse.Status) {
        note(request, body: body, code: Int(status.code))
    }

    /// `code` 0: no answer (yet).
    private func note(_ request: Request, body: Data, code: Int) {
        lock.withLock {
            requests.append(
                Received(
                    path: request.uri.path, key: request.headers[HTTPField.Name("Idempotency-Key")!],
                    timestamp: request.headers[HTTPField.Name(WebhookSignature.timestampHeader)!],
                    signature: request.headers[HTTPField.Name(WebhookSignature.signatureHeader)!], body: body,
                    status: code))
        }
    }

    private func attempt(_ path: String) -> Int {
        lock.withLock {
            counts[path, default: 0] += 1
            return counts[path]!
        }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/hook/ok") { request, context -> Response in
            let body = try await self.body(request, context)
            self.note(request, body: body, status: .ok)
            return Response(status: .ok)
        }
        router.post("/hook/fail/:n") { request, context -> Response in
            let body = try await self.body(request, context)
            let n = Int(context.parameters.get("n") ?? "0") ?? 0
            let status: HTTPResponse.Status = self.attempt(request.uri.path) <= n ? .internalServerError : .ok
            self.note(request, body: body, status: status)
            return Response(status: status)
        }
        router.post("/hook/always500") { request, context -> Response in
            let body = try await self.body(request, context)
            self.note(request, body: body, status: .internalServerError)
            return Response(status: .internalServerError)
        }
        router.post("/hook/slow/:ms") { request, context -> Response in
            let body = try await self.body(request, context)
            let ms = Int(context.parameters.get("ms") ?? "0") ?? 0
            try await Task.sleep(for: .milliseconds(ms))
            self.note(request, body: body, status: .ok)
            return Response(status: .ok)
        }
        router.post("/hook/held") { request, context -> Response in
            let body = try await self.body(request, context)
            _ = self.attempt(request.uri.path)
            while !self.lock.withLock({ self.released }) { try await Task.sleep(for: .milliseconds(5)) }
            self.note(request, body: body, status: .ok)
            return Response(status: .ok)
        }
        router.post("/hook/never") { request, context -> Response in
            let body = try await self.body(request, context)
            self.note(request, body: body, code: 0)
            // Until the receiver stops (its tasks are cancelled then).
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        router.post("/hook/redirect/:status") { request, context -> Response in
            let body = try await self.body(request, context)
            let status = HTTPResponse.Status(code: Int(context.parameters.get("status") ?? "307") ?? 307)
            self.note(request, body: body, status: status)
            let target = request.uri.queryParameters["to"].map(String.init) ?? "/hook/ok"
            return Response(status: status, headers: [.location: target])
        }
        return router
    }

    private func body(_ request: Request, _ context: BasicRequestContext) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return Data(buffer.readableBytesView)
    }

    /// Runs the receiver for the duration of `body`, which gets its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        try await LoopbackServer.run(router(), body)
    }
}
