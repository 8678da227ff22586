/// Why a fetch failed, in words for `vigie sources`, with what the scheduler needs.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case invalidURL, timeout, connection, httpStatus, rateLimited, tooLarge, tooManyRedirects, fileNotFound, io
        /// The host name does not resolve.
        case hostNotFound
        /// The body arrived slower than ``FetchPolicy/minimumTransferRate``.
        case tooSlow
        /// A redirect pointed somewhere a fetch may not go (see ``FetchPolicy/allowPrivateRedirects``).
        case redirectRefused
    }

    public var kind: Kind
    /// The URL that failed.
    public var url: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// How long to wait before the next try because of `Retry-After`: what the
    /// server asked, capped at ``FetchPolicy/maximumRetryAfter``.
    public var retryAfter: Duration?
    /// What the server's `Retry-After` asked for, before the cap.
    public var requestedRetryAfter: Duration?
    /// What happened, for a person.
    public var message: String

    public init(
        _ kind: Kind, url: String, status: Int? = nil, retryAfter: Duration? = nil,
        requestedRetryAfter: Duration? = nil,
        message: String
    ) {
        self.kind = kind
        self.url = url
        self.status = status
        self.retryAfter = retryAfter
        self.requestedRetryAfter = requestedRetryAfter ?? retryAfter
        self.message = message
    }

    public var description: String { message }
}
