import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VigieTestSupport

/// A real HTTP server on 127.0.0.1 (port chosen by the system) that serves
/// the situations a feed watcher meets: validators and 304s, errors, rate
/// limits, slow answers, redirects, compression, oversized bodies.
final class TestServer: @unchecked Sendable {
    private let lock = NSLock()
    private var hits: [String: Int] = [:]
    private var concurrent = 0
    private(set) var maximumConcurrent = 0
    private(set) var userAgents: [String] = []

    /// Requests seen for a path.
    func hitCount(_ path: String) -> Int { lock.withLock { hits[path, default: 0] } }

    private func record(_ request: Request) {
        lock.withLock {
            hits[request.uri.path, default: 0] += 1
            if let agent = request.headers[.userAgent] { userAgents.append(agent) }
        }
    }

    static let feed =
        "<rss version=\"2.0\"><channel><title>Acme news</title><item><title>Acme ships</title></item></channel></rss>"
    /// `feed`-like RSS compressed with gzip (made with Python's gzip module, mtime 0).
    static let gzipped = Data(
        base64Encoded:
            "H4sIAAAAAAACA7MpKi5WKEstKs7Mz7NVMtIzULKzSc5IzMtLzbGzKcksyUm1c87PLShKLS5OTVFwTM5NtdGHCNvow9XpAw2xAwBL4lFoSgAAAA=="
    )!

    /// 1 MiB of zeros, gzipped into 1 KiB: a compression bomb in miniature.
    /// (Python's gzip, mtime 0; the deflate stream is almost all zero bits, hence the run of "A".)
    static let bomb = Data(
        base64Encoded: "H4sIAAAAAAAC/+3BMQEAAADCoPVPbQhfoA" + String(repeating: "A", count: 1354) + "PgMc6jinAAAQAA==")!

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/etag") { request, _ -> Response in
            self.record(request)
            if request.headers[.ifNoneMatch] == "\"v1\"" { return Response(status: .notModified) }
            return Response(
                status: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8", .eTag: "\"v1\""],
                body: .init(byteBuffer: ByteBuffer(string: Self.feed)))
        }
        router.get("/lastmod") { request, _ -> Response in
            self.record(request)
            let stamp = "Wed, 01 May 2024 08:00:00 GMT"
            if request.headers[.ifModifiedSince] == stamp { return Response(status: .notModified) }
            return Response(
                status: .ok, headers: [.lastModified: stamp], body: .init(byteBuffer: ByteBuffer(string: Self.feed)))
        }
        router.get("/error500") { request, _ -> Response in
            self.record(request)
            return Response(status: .internalServerError)
        }
        router.get("/ratelimit") { request, _ -> Response in
            self.record(request)
            return Response(status: .tooManyRequests, headers: [.retryAfter: "120"])
        }
        router.get("/ratelimit-huge") { request, _ -> Response in
            self.record(request)
            return Response(status: .tooManyRequests, headers: [.retryAfter: "9223372036854775807"])
        }
        router.get("/unavailable-junk") { request, _ -> Response in
            self.record(request)
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "-5, or so"])
        }
        router.get("/redirect-to") { request, _ -> Response in
            // The target comes in the query: /redirect-to?url=http://169.254.169.254/
            self.record(request)
            let target = request.uri.queryParameters["url"].map(String.init) ?? "/"
            return Response(status: .found, headers: [.location: target])
        }
        router.get("/loop") { request, _ -> Response in
            self.record(request)
            return Response(status: .movedPermanently, headers: [.location: "/loop"])
        }
        router.get("/bomb") { request, _ -> Response in
            self.record(request)
            return Response(
                status: .ok, headers: [.contentEncoding: "gzip", .contentType: "application/rss+xml"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.bomb)))
        }
        router.get("/slow") { request, _ -> Response in
            self.record(request)
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: Self.feed)))
        }
        router.get("/redirect/:n") { request, context -> Response in
            self.record(request)
            let n = Int(context.parameters.get("n") ?? "0") ?? 0
            if n == 0 { return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: Self.feed))) }
            return Response(status: .found, headers: [.location: "/redirect/\(n - 1)"])
        }
        router.get("/gzip") { request, _ -> Response in
            self.record(request)
            return Response(
                status: .ok, headers: [.contentEncoding: "gzip", .contentType: "application/rss+xml"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.gzipped)))
        }
        router.get("/big") { request, _ -> Response in
            self.record(request)
            return Response(
                status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 300_000)))
        }
        router.get("/big-stream") { request, _ -> Response in
            self.record(request)
            // No Content-Length: the cap must hold while streaming.
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<30 { try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: 10_000)) }
                    try await writer.finish(nil)
                })
        }
        router.get("/garbage") { request, _ -> Response in
            self.record(request)
            return Response(
                status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: (0..<512).map { UInt8(($0 * 37) % 256) })))
        }
        router.get("/hold") { request, _ -> Response in
            self.record(request)
            self.lock.withLock {
                self.concurrent += 1
                self.maximumConcurrent = max(self.maximumConcurrent, self.concurrent)
            }
            try await Task.sleep(for: .milliseconds(150))
            self.lock.withLock { self.concurrent -= 1 }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: Self.feed)))
        }
        return router
    }

    /// Runs the server for the duration of `body`, which receives its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        try await LoopbackServer.run(router(), body)
    }
}
