import AsyncHTTPClient
import Clocks
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

extension Fetcher {
    /// What one hop of the exchange gave: the final answer, or where to go next.
    private enum Hop {
        case answer(FetchResponse)
        case redirect(to: URL, status: Int)
    }

    /// The exchange, hop by hop: resolve the hop's host, check its addresses
    /// (redirects only), connect to the checked address, and either answer or
    /// move to the `Location`.
    func performHTTP(
        _ request: FetchRequest, url: URL, now: Date, meter: TransferMeter, start: AnyClock<Duration>.Instant
    ) async throws -> FetchResponse {
        var current = url
        var headers = requestHeaders(request)
        var visited: Set<String> = [Self.withoutFragment(url)]
        var rule: RedirectRule?
        var redirects = 0
        while true {
            let host = RedirectRule.host(of: current)
            let address: IPAddress
            do {
                if let rule {
                    address = try await rule.destination(of: current, resolver: resolver)
                } else {
                    // The configured URL is trusted; its scopes are where its redirects may go besides the internet.
                    let addresses = try await resolver.addresses(of: host)
                    rule = RedirectRule(originAddresses: addresses, allowPrivate: policy.allowPrivateRedirects)
                    address = addresses[0]
                }
            } catch let refusal as RedirectRefusal {
                throw FetchError(.redirectRefused, url: request.url, message: refusal.message)
            } catch let error as HostResolutionError {
                throw FetchError(
                    .hostNotFound, url: request.url,
                    message: "cannot resolve host \(host) (\(error.reason)); check the URL, or the network's DNS")
            }
            let client = pinnedClient(current, address: address)
            let hop: Hop
            do {
                hop = try await self.hop(
                    client, url: current, headers: headers, request: request, now: now, meter: meter, start: start)
            } catch {
                try? await client.shutdown()
                throw Fetcher.describe(error, url: request.url, target: current, policy: policy)
            }
            try? await client.shutdown()

            switch hop {
            case .answer(let response):
                return response
            case .redirect(let next, let status):
                redirects += 1
                guard redirects <= policy.maximumRedirects else {
                    throw FetchError(
                        .tooManyRedirects, url: request.url,
                        message:
                            "too many redirects (more than \(policy.maximumRedirects)); the last led to \(next.absoluteString)"
                    )
                }
                guard visited.insert(Self.withoutFragment(next)).inserted else {
                    throw FetchError(
                        .tooManyRedirects, url: request.url,
                        message:
                            "redirect loop: HTTP \(status) from \(current.absoluteString) back to \(next.absoluteString)"
                    )
                }
                if !Self.sameOrigin(current, next) {
                    // Credentials stay with the origin they were configured for.
                    for name in ["Authorization", "Proxy-Authorization", "Cookie"] { headers.remove(name: name) }
                }
                current = next
            }
        }
    }

    /// One request to one URL, on a client pinned to a checked address.
    private func hop(
        _ client: HTTPClient, url: URL, headers: HTTPHeaders, request: FetchRequest, now: Date, meter: TransferMeter,
        start: AnyClock<Duration>.Instant
    ) async throws -> Hop {
        var httpRequest = HTTPClientRequest(url: url.absoluteString)
        httpRequest.method = .GET
        httpRequest.headers = headers
        let response = try await client.execute(httpRequest, timeout: TimeAmount(policy.totalTimeout), logger: logger)
        let status = Int(response.status.code)
        if [301, 302, 303, 307, 308].contains(status) {
            guard let location = response.headers.first(name: "Location") else {
                throw FetchError(
                    .httpStatus, url: request.url, status: status,
                    message:
                        "HTTP \(status) \(response.status.reasonPhrase) from \(url.absoluteString) without a Location")
            }
            guard let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: url)?.absoluteURL,
                let scheme = next.scheme?.lowercased()
            else {
                throw FetchError(
                    .httpStatus, url: request.url, status: status,
                    message:
                        "HTTP \(status) from \(url.absoluteString) to an unreadable Location: \(Self.clip(location))")
            }
            guard scheme == "http" || scheme == "https" else {
                throw FetchError(
                    .redirectRefused, url: request.url, status: status,
                    message:
                        "redirect to \(Self.clip(next.absoluteString)) refused: only http and https redirects are followed"
                )
            }
            guard let host = next.host, !host.isEmpty else {
                throw FetchError(
                    .httpStatus, url: request.url, status: status,
                    message:
                        "HTTP \(status) from \(url.absoluteString) to a Location without a host: \(Self.clip(location))"
                )
            }
            return .redirect(to: next, status: status)
        }
        meter.headArrived(at: start.duration(to: clock.now))
        if status == 304 { return .answer(.notModified) }
        if status == 429 || status == 503 {
            throw rateLimited(response, status: status, request: request, now: now)
        }
        guard (200..<300).contains(status) else {
            throw FetchError(
                .httpStatus, url: request.url, status: status, message: "HTTP \(status) \(response.status.reasonPhrase)"
            )
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init),
            length > policy.maximumBodyBytes
        {
            throw FetchError(
                .tooLarge, url: request.url, status: status,
                message: "body of \(length) bytes is over the \(policy.maximumBodyBytes)-byte limit")
        }
        var body: [UInt8] = []
        for try await chunk in response.body {
            meter.received(chunk.readableBytes, at: start.duration(to: clock.now))
            guard body.count + chunk.readableBytes <= policy.maximumBodyBytes else {
                throw FetchError(
                    .tooLarge, url: request.url, status: status,
                    message: "body is over the \(policy.maximumBodyBytes)-byte limit")
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        return .answer(
            .fetched(
                FetchedBody(
                    bytes: body, finalURL: url.absoluteString, status: status,
                    charset: Fetcher.charset(of: contentType), mediaType: Fetcher.mediaType(of: contentType),
                    etag: response.headers.first(name: "ETag"),
                    lastModified: response.headers.first(name: "Last-Modified"))))
    }

    /// A 429 or 503, with what `Retry-After` asked and what will be applied.
    private func rateLimited(_ response: HTTPClientResponse, status: Int, request: FetchRequest, now: Date)
        -> FetchError
    {
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

    /// The request headers for the first hop.
    private func requestHeaders(_ request: FetchRequest) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: policy.userAgent)
        headers.add(
            name: "Accept",
            value:
                "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
        )
        headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag = request.etag { headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = request.lastModified { headers.add(name: "If-Modified-Since", value: lastModified) }
        for (name, value) in request.headers { headers.replaceOrAdd(name: name, value: value) }
        return headers
    }

    /// A client for one hop that connects to `address` whatever DNS says about
    /// `host`; TLS still presents and verifies `host`. Shut it down after the hop.
    private func pinnedClient(_ url: URL, address: IPAddress) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(policy.connectTimeout), read: .init(policy.readTimeout)),
            decompression: .enabled(limit: .size(policy.maximumBodyBytes)))
        configuration.pin(url, to: address)
        return HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
            backgroundActivityLogger: logger)
    }

    private static func withoutFragment(_ url: URL) -> String {
        let text = url.absoluteString
        return text.firstIndex(of: "#").map { String(text[..<$0]) } ?? text
    }

    private static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ url: URL) -> Int { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80) }
        return a.scheme?.lowercased() == b.scheme?.lowercased()
            && HostKey.of(RedirectRule.host(of: a)) == HostKey.of(RedirectRule.host(of: b))
            && port(a) == port(b)
    }

    /// Text from a server, made safe to show: printable and short.
    static func clip(_ text: String, limit: Int = 80) -> String {
        let scalars = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
        let printable = String(String.UnicodeScalarView(scalars))
        return printable.count > limit ? String(printable.prefix(limit)) + "…" : printable
    }
}
