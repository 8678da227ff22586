/// Why a fetch failed, in words for `vigie sources`, with what the scheduler needs.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case invalidURL, timeout, connection, httpStatus, rateLimited, tooLarge, tooManyRedirects, fileNotFound, io
    }

    public var kind: Kind
    /// The URL that failed.
    public var url: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// How long the server asked us to wait (`Retry-After`), if it did.
    public var retryAfter: Duration?
    /// What happened, for a person.
    public var message: String

    public init(_ kind: Kind, url: String, status: Int? = nil, retryAfter: Duration? = nil, message: String) {
        self.kind = kind
        self.url = url
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    public var description: String { message }
}
