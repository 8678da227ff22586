import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTPCompression

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Fetcher {
    /// A transport error, in words: what happened, with which host, and what
    /// the user can do. No library's type name or error domain reaches the
    /// message for the common cases (refused, unreachable, DNS, TLS, timeouts,
    /// size limits); anything rarer keeps a short technical detail at the end.
    ///
    /// - Parameters:
    ///   - url: the configured URL (the error's ``FetchError/url``).
    ///   - target: the URL of the hop that failed, when known (a redirect's target).
    static func describe(_ error: any Error, url: String, target: URL? = nil, policy: FetchPolicy = FetchPolicy())
        -> FetchError
    {
        if let error = error as? FetchError { return error }
        let parsed = target ?? URL(string: url)
        let host = parsed.map { RedirectRule.host(of: $0) } ?? url
        let port = parsed.flatMap { $0.port ?? ($0.scheme?.lowercased() == "https" ? 443 : 80) }
        let place = port.map { "\(host) port \($0)" } ?? host
        func fail(_ kind: FetchError.Kind, _ message: String) -> FetchError {
            FetchError(kind, url: url, message: message)
        }

        if let error = error as? HostResolutionError {
            return fail(
                .hostNotFound,
                "cannot resolve host \(error.host) (\(error.reason)); check the URL, or the network's DNS")
        }
        if error is CancellationError {
            return fail(.connection, "the fetch from \(host) was cancelled (Vigie is stopping)")
        }
        if error is NIOTooManyBytesError {
            return fail(.tooLarge, "the body from \(host) is over the \(policy.maximumBodyBytes)-byte limit")
        }
        if let error = error as? NIOHTTPDecompression.DecompressionError {
            switch error {
            case .limit:
                return fail(
                    .tooLarge,
                    "the compressed body from \(host) expands over the \(policy.maximumBodyBytes)-byte limit "
                        + "(a compression bomb, or a feed too large for Vigie)")
            case .inflationError, .initializationError:
                return fail(.io, "the compressed body from \(host) is corrupt (bad gzip or deflate data)")
            }
        }
        if error is NIOHTTPDecompression.ExtraDecompressionError {
            return fail(.io, "the compressed body from \(host) is truncated or followed by garbage")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return fail(
                    .timeout,
                    "cannot connect to \(place) within \(policy.connectTimeout.words) (connection timed out); "
                        + "the server may be down, or a firewall may drop the packets")
            case .tlsHandshakeTimeout:
                return fail(
                    .timeout, "the TLS handshake with \(place) did not finish in time; the server may be overloaded")
            case .readTimeout:
                return fail(
                    .timeout,
                    "\(host) stopped sending for \(policy.readTimeout.words) (read timeout); it may be overloaded")
            case .deadlineExceeded:
                return fail(.timeout, "the whole exchange with \(host) took over \(policy.totalTimeout.words); cut off")
            case .getConnectionFromPoolTimeout:
                return fail(.timeout, "no connection to \(place) could be opened in time")
            case .redirectLimitReached:
                return fail(.tooManyRedirects, "too many redirects (more than \(policy.maximumRedirects))")
            case .redirectCycleDetected:
                return fail(.tooManyRedirects, "redirect loop")
            case .invalidURL, .emptyHost, .emptyScheme:
                return fail(.invalidURL, "invalid URL: \(url)")
            case .remoteConnectionClosed:
                return fail(
                    .connection, "\(host) closed the connection before answering in full; it will be tried again")
            case .cancelled:
                return fail(.connection, "the fetch from \(host) was cancelled (Vigie is stopping)")
            case .uncleanShutdown:
                return fail(.connection, "\(host) cut the TLS connection short; it will be tried again")
            default:
                return fail(.connection, "the HTTP exchange with \(host) failed (\(technical(error)))")
            }
        }
        if let error = error as? IOError {
            return fail(.connection, connectionWords(errno: error.errnoCode, place: place, host: host))
        }
        let text = technical(error)
        let type = String(reflecting: Swift.type(of: error))
        if type.contains("NIOSSL") || type.contains("BoringSSL") || text.contains("SSL") {
            return fail(.connection, tlsWords(text, place: place, host: host))
        }
        // Connection errors that carry an errno inside another type (NIOPosix's NIOConnectionError).
        for (code, name) in [
            (ECONNREFUSED, "Connection refused"), (EHOSTUNREACH, "No route to host"),
            (ENETUNREACH, "Network is unreachable"), (ECONNRESET, "Connection reset"),
            (ETIMEDOUT, "Connection timed out"),
        ]
        where text.contains(name) || text.contains("errno: \(code))") {
            return fail(.connection, connectionWords(errno: code, place: place, host: host))
        }
        return fail(.connection, "cannot fetch from \(place) (\(text))")
    }

    private static func connectionWords(errno code: CInt, place: String, host: String) -> String {
        switch code {
        case ECONNREFUSED:
            return "cannot connect to \(place): connection refused (is the server running, and on this port?)"
        case EHOSTUNREACH, ENETUNREACH:
            return "cannot connect to \(place): no route to the host (check the address and this machine's network)"
        case ETIMEDOUT:
            return
                "cannot connect to \(place): connection timed out (the server may be down, or a firewall may drop the packets)"
        case ECONNRESET, EPIPE:
            return "\(host) reset the connection; it will be tried again"
        default:
            return "cannot connect to \(place): \(String(cString: strerror(code))) (errno \(code))"
        }
    }

    private static func tlsWords(_ text: String, place: String, host: String) -> String {
        let reason: String
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            reason = "its certificate is not trusted (expired, self-signed, or issued for another name)"
        } else if text.contains("WRONG_VERSION_NUMBER") || text.contains("UNKNOWN_PROTOCOL") {
            reason = "it does not speak TLS on this port (is the URL http:// rather than https://?)"
        } else if text.contains("uncleanShutdown") {
            return "\(host) cut the TLS connection short; it will be tried again"
        } else {
            reason = "the handshake failed"
        }
        return "secure connection to \(place) failed: \(reason)"
    }

    /// A short, single-line technical detail of an error, without module or type prefixes.
    private static func technical(_ error: any Error) -> String {
        var text = String(describing: error)
        for prefix in ["HTTPClientError.", "NIOCore.", "NIOPosix.", "NIOSSL."] {
            text = text.replacingOccurrences(of: prefix, with: "")
        }
        return clip(text, limit: 160)
    }
}
