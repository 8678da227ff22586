/// What a fetch brought back.
public enum FetchResponse: Sendable, Hashable {
    /// A new body to parse.
    case fetched(FetchedBody)
    /// The source says nothing changed since the last fetch (HTTP 304, or an
    /// unchanged file): nothing to parse.
    case notModified
}

/// A fetched document and what the server said about it.
public struct FetchedBody: Sendable, Hashable {
    /// The bytes as received (decompressed), at most the policy's size cap.
    public var bytes: [UInt8]
    /// The URL after redirects, against which relative links resolve.
    public var finalURL: String
    /// The HTTP status (200 for files).
    public var status: Int
    /// The charset of the `Content-Type` header, if any.
    public var charset: String?
    /// The media type of the `Content-Type` header (`application/feed+json`), lower-cased, if any.
    public var mediaType: String?
    /// Validators for the next conditional GET.
    public var etag: String?
    public var lastModified: String?

    public init(
        bytes: [UInt8], finalURL: String, status: Int = 200, charset: String? = nil, mediaType: String? = nil,
        etag: String? = nil, lastModified: String? = nil
    ) {
        self.bytes = bytes
        self.finalURL = finalURL
        self.status = status
        self.charset = charset
        self.mediaType = mediaType
        self.etag = etag
        self.lastModified = lastModified
    }
}
