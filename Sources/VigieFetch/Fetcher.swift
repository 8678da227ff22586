import AsyncHTTPClient
import Clocks
import Foundation
import Logging
import NIOCore

/// Fetches sources over HTTP(S) and from local files, the same way.
///
/// Conditional GET (ETag, Last-Modified → 304), gzip/deflate, a cap on body
/// size, a bounded number of redirects, a real `User-Agent`, a global
/// concurrency limit and at most one request at a time per host. Failures
/// come back as ``FetchError`` values with what the scheduler needs
/// (`Retry-After`, the status).
///
/// Nothing a server does can crash, stall or point the fetcher inward:
/// - the whole exchange (lookups, redirects, head and body) races a deadline,
///   ``FetchPolicy/totalTimeout``, and a body that trickles in under
///   ``FetchPolicy/minimumTransferRate`` is cut off; either way the request is
///   cancelled, its connection closed and its host's slot freed;
/// - `Retry-After` is read without overflow and capped at ``FetchPolicy/maximumRetryAfter``;
/// - redirects are followed by the fetcher itself: each hop's host is resolved
///   by the fetcher, every address is checked with ``RedirectRule`` and the
///   connection goes to the address that was checked (a DNS answer that
///   changes between check and connect changes nothing). A refused hop opens
///   no connection at all.
///
/// ```swift
/// let fetcher = Fetcher(policy: FetchPolicy(), logger: logger)
/// let response = try await fetcher.fetch(FetchRequest(url: "https://example.com/feed"))
/// try await fetcher.shutdown()
/// ```
public final class Fetcher: Sendable {
    public let policy: FetchPolicy
    let gate: HostGate
    let logger: Logger
    let resolver: any HostResolver
    let clock: AnyClock<Duration>

    /// A fetcher.
    /// - Parameters:
    ///   - policy: timeouts, limits and where redirects may go.
    ///   - logger: for the HTTP client's background activity.
    ///   - resolver: turns host names into addresses (the system's by default; tests inject their own).
    ///   - clock: measures the exchange deadline and the transfer rate.
    public init(
        policy: FetchPolicy = FetchPolicy(), logger: Logger, resolver: any HostResolver = SystemResolver(),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.policy = policy
        self.logger = logger
        self.resolver = resolver
        self.clock = AnyClock(clock)
        self.gate = HostGate(limit: policy.maximumConcurrentRequests)
    }

    /// Releases what the fetcher holds. Every exchange closes its own
    /// connections when it ends, so this has nothing left to close today; call
    /// it once, when done, all the same.
    public func shutdown() async throws {}

    /// Fetches one source.
    /// - Parameter now: the time `Retry-After` dates are measured from.
    /// - Throws: ``FetchError`` (never anything else).
    public func fetch(_ request: FetchRequest, now: Date = Date()) async throws(FetchError) -> FetchResponse {
        let url = request.url
        if url.hasPrefix("file://") { return try readFile(request) }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else {
            throw FetchError(.invalidURL, url: url, message: "not an http, https or file URL: \(url)")
        }
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
            throw FetchError(
                .tooLarge, url: url, message: "file of \(size) bytes is over the \(policy.maximumBodyBytes)-byte limit")
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

    /// `application/feed+json` from `application/feed+json; charset=utf-8`; `nil` when empty.
    static func mediaType(of contentType: String) -> String? {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        return type?.isEmpty == false ? type : nil
    }

    static func charset(of contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.lowercased().hasPrefix("charset=") {
                return String(pair.dropFirst("charset=".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\"' "))
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
