import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// Fetches sources over HTTP(S) and from local files, the same way.
///
/// Conditional GET (ETag, Last-Modified → 304), gzip/deflate, timeouts for
/// connecting, reading and the whole exchange, a cap on body size, a bounded
/// number of redirects, a real `User-Agent`, a global concurrency limit and at
/// most one request at a time per host. Failures come back as ``FetchError``
/// values with what the scheduler needs (`Retry-After`, the status).
///
/// ```swift
/// let fetcher = Fetcher(policy: FetchPolicy(), logger: logger)
/// let response = try await fetcher.fetch(FetchRequest(url: "https://example.com/feed"))
/// try await fetcher.shutdown()
/// ```
public final class Fetcher: Sendable {
    public let policy: FetchPolicy
    private let client: HTTPClient
    private let gate: HostGate
    private let logger: Logger

    public init(policy: FetchPolicy = FetchPolicy(), logger: Logger) {
        self.policy = policy
        self.logger = logger
        self.gate = HostGate(limit: policy.maximumConcurrentRequests)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: policy.maximumRedirects, allowCycles: false),
            timeout: .init(connect: .init(policy.connectTimeout), read: .init(policy.readTimeout)),
            decompression: .enabled(limit: .size(policy.maximumBodyBytes)))
        configuration.connectionPool.idleTimeout = .seconds(30)
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration, backgroundActivityLogger: logger)
    }

    /// Closes the HTTP client's connections. Call once, when done.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Fetches one source.
    /// - Throws: ``FetchError`` (never anything else).
    public func fetch(_ request: FetchRequest, now: Date = Date()) async throws(FetchError) -> FetchResponse {
        let url = request.url
        if url.hasPrefix("file://") { return try readFile(request) }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else {
            throw FetchError(.invalidURL, url: url, message: "not an http, https or file URL: \(url)")
        }
        // One slot per host however it is spelled (127.1 is 127.0.0.1, Example.COM. is example.com).
        let key = HostKey.of(host)
        await gate.enter(host: key)
        do {
            let response = try await performHTTP(request, now: now)
            await gate.leave(host: key)
            return response
        } catch {
            await gate.leave(host: key)
            throw error
        }
    }

    private func performHTTP(_ request: FetchRequest, now: Date) async throws(FetchError) -> FetchResponse {
        let url = request.url
        var httpRequest = HTTPClientRequest(url: url)
        httpRequest.method = .GET
        httpRequest.headers.add(name: "User-Agent", value: policy.userAgent)
        httpRequest.headers.add(
            name: "Accept",
            value: "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
        httpRequest.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag = request.etag { httpRequest.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = request.lastModified { httpRequest.headers.add(name: "If-Modified-Since", value: lastModified) }
        for (name, value) in request.headers { httpRequest.headers.replaceOrAdd(name: name, value: value) }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(httpRequest, timeout: .init(policy.totalTimeout), logger: logger)
        } catch {
            throw Fetcher.describe(error, url: url, policy: policy)
        }
        let status = Int(response.status.code)
        if status == 304 { return .notModified }
        if status == 429 || status == 503 {
            throw rateLimited(response, status: status, request: request, now: now)
        }
        guard (200..<300).contains(status) else {
            throw FetchError(.httpStatus, url: url, status: status, message: "HTTP \(status) \(response.status.reasonPhrase)")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > policy.maximumBodyBytes {
            throw FetchError(
                .tooLarge, url: url, status: status,
                message: "body of \(length) bytes is over the \(policy.maximumBodyBytes)-byte limit")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: policy.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw FetchError(
                .tooLarge, url: url, status: status, message: "body is over the \(policy.maximumBodyBytes)-byte limit")
        } catch {
            throw Fetcher.describe(error, url: url, policy: policy)
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        return .fetched(
            FetchedBody(
                bytes: Array(body.readableBytesView), finalURL: response.url?.absoluteString ?? url, status: status,
                charset: Fetcher.charset(of: contentType), etag: response.headers.first(name: "ETag"),
                lastModified: response.headers.first(name: "Last-Modified")))
    }

    /// A 429 or 503, with what `Retry-After` asked and what will be applied.
    private func rateLimited(_ response: HTTPClientResponse, status: Int, request: FetchRequest, now: Date) -> FetchError {
        var message = "HTTP \(status) \(response.status.reasonPhrase)"
        guard let header = response.headers.first(name: "Retry-After") else {
            return FetchError(.rateLimited, url: request.url, status: status, message: message)
        }
        guard let seconds = RetryAfter.seconds(in: header, now: now) else {
            message += ", with an unreadable Retry-After (\"\(Self.clip(header))\"); backing off as after any failure"
            return FetchError(.rateLimited, url: request.url, status: status, message: message)
        }
        let asked = Duration.seconds(seconds)
        let applied = min(asked, policy.maximumRetryAfter)
        message += ", asked to wait \(asked.words)"
        if applied < asked { message += "; waiting \(applied.words) (the cap)" }
        return FetchError(
            .rateLimited, url: request.url, status: status, retryAfter: applied, requestedRetryAfter: asked,
            message: message)
    }

    /// Text from a server, made safe to show: printable and short.
    static func clip(_ text: String, limit: Int = 80) -> String {
        let scalars = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
        let printable = String(String.UnicodeScalarView(scalars))
        return printable.count > limit ? String(printable.prefix(limit)) + "…" : printable
    }

    /// A `file://` source: read like an HTTP one. Its ETag is the modification
    /// time (to the nanosecond) and size, so an unchanged file is "not modified"
    /// and a file rewritten within the same second is not.
    private func readFile(_ request: FetchRequest) throws(FetchError) -> FetchResponse {
        let url = request.url
        var path = String(url.dropFirst("file://".count))
        if path.hasPrefix("localhost/") { path = String(path.dropFirst("localhost".count)) }
        path = path.removingPercentEncoding ?? path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FetchError(.fileNotFound, url: url, message: "cannot read \(path): no such file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > policy.maximumBodyBytes {
            throw FetchError(.tooLarge, url: url, message: "file of \(size) bytes is over the \(policy.maximumBodyBytes)-byte limit")
        }
        let modificationDate = attributes[.modificationDate] as? Date
        let modified = modificationDate.map(Fetcher.httpDate)
        let etag = "\"\(Int64(((modificationDate?.timeIntervalSince1970 ?? 0) * 1e9).rounded()))-\(size)\""
        if let known = request.etag {
            if known == etag { return .notModified }
        } else if let modified, modified == request.lastModified {
            return .notModified
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FetchError(.io, url: url, message: "cannot read \(path)")
        }
        let absolute = URL(fileURLWithPath: path).absoluteString
        return .fetched(FetchedBody(bytes: [UInt8](data), finalURL: absolute, etag: etag, lastModified: modified))
    }

    /// The host of a URL as the HTTP client sees it (IPv6 without brackets).
    static func host(of url: URL) -> String {
        let host = url.host ?? ""
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    static func charset(of contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.lowercased().hasPrefix("charset=") {
                return String(pair.dropFirst("charset=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            }
        }
        return nil
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

extension TimeAmount {
    /// A NIO time amount, saturating instead of trapping for durations beyond ±292 years.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self = .nanoseconds(seconds < 0 ? .min : .max)
            return
        }
        let (sum, overflowAgain) = nanos.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(overflowAgain ? (seconds < 0 ? .min : .max) : sum)
    }
}
