import AsyncHTTPClient
import Clocks
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
/// The whole exchange (head and body) races a deadline,
/// ``FetchPolicy/totalTimeout``, and a body that trickles in under
/// ``FetchPolicy/minimumTransferRate`` is cut off; either way the request is
/// cancelled, its connection closed and its host's slot freed.
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
    private let clock: AnyClock<Duration>

    /// A fetcher.
    /// - Parameters:
    ///   - policy: timeouts and limits.
    ///   - logger: for the HTTP client's background activity.
    ///   - clock: measures the exchange deadline and the transfer rate.
    public init(policy: FetchPolicy = FetchPolicy(), logger: Logger, clock: any Clock<Duration> = ContinuousClock()) {
        self.policy = policy
        self.logger = logger
        self.clock = AnyClock(clock)
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
        let result = await exchange(request, url: parsed, now: now)
        await gate.leave(host: key)
        return try result.get()
    }

    /// The exchange raced against the deadline and, once the head is in,
    /// against the transfer-rate watchdog. The loser is cancelled, and the
    /// task group returns only when it has wound down (connection closed).
    private func exchange(_ request: FetchRequest, url: URL, now: Date) async -> Result<FetchResponse, FetchError> {
        let meter = TransferMeter()
        let start = clock.now
        let policy = self.policy
        do {
            let response = try await withThrowingTaskGroup(of: FetchResponse?.self) { group in
                group.addTask { try await self.performHTTP(request, url: url, now: now, meter: meter, start: start) }
                group.addTask {
                    try await self.clock.sleep(until: start.advanced(by: policy.totalTimeout), tolerance: nil)
                    throw FetchError(
                        .timeout, url: request.url,
                        message: "the whole exchange with \(url.host ?? "the server") took over "
                            + "\(policy.totalTimeout.words) (head and body); cut off")
                }
                if let rate = policy.minimumTransferRate, rate.bytes > 0, rate.window > .zero {
                    group.addTask {
                        try await self.watch(meter, rate: rate, start: start, request: request, url: url)
                        return nil
                    }
                }
                while let first = try await group.next() {
                    if let response = first {
                        group.cancelAll()
                        return response
                    }
                }
                throw CancellationError()
            }
            return .success(response)
        } catch {
            return .failure(Fetcher.describe(error, url: request.url, target: url, policy: policy))
        }
    }

    /// Returns only by throwing: when the body has been too slow over a whole
    /// window, or when cancelled because the exchange ended.
    private func watch(
        _ meter: TransferMeter, rate: TransferRate, start: AnyClock<Duration>.Instant, request: FetchRequest, url: URL
    ) async throws {
        // Check a few times per window, so a stall is caught soon after a window has passed.
        let tick = rate.window / 4
        while true {
            try await clock.sleep(for: tick)
            let offset = start.duration(to: clock.now)
            if let bytes = meter.bytes(inWindow: rate.window, endingAt: offset), bytes < rate.bytes {
                throw FetchError(
                    .tooSlow, url: request.url,
                    message: "\(url.host ?? "the server") sent \(bytes) byte\(bytes == 1 ? "" : "s") in "
                        + "\(rate.window.words), under the \(rate) minimum; cut off")
            }
        }
    }

    private func performHTTP(
        _ request: FetchRequest, url parsed: URL, now: Date, meter: TransferMeter, start: AnyClock<Duration>.Instant
    ) async throws -> FetchResponse {
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

        let response = try await client.execute(httpRequest, timeout: .init(policy.totalTimeout), logger: logger)
        meter.headArrived(at: start.duration(to: clock.now))
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
        var body: [UInt8] = []
        for try await chunk in response.body {
            meter.received(chunk.readableBytes, at: start.duration(to: clock.now))
            guard body.count + chunk.readableBytes <= policy.maximumBodyBytes else {
                throw FetchError(
                    .tooLarge, url: url, status: status, message: "body is over the \(policy.maximumBodyBytes)-byte limit")
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        return .fetched(
            FetchedBody(
                bytes: body, finalURL: response.url?.absoluteString ?? url, status: status,
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
