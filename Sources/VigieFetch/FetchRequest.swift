/// One fetch of a source, with what the previous fetch left for a conditional GET.
public struct FetchRequest: Sendable, Hashable {
    /// `https://`, `http://` or `file://` (absolute, or relative to the working directory).
    public var url: String
    /// Extra headers from the source's configuration.
    public var headers: [String: String]
    /// The `ETag` of the last successful fetch.
    public var etag: String?
    /// The `Last-Modified` of the last successful fetch.
    public var lastModified: String?

    public init(url: String, headers: [String: String] = [:], etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.headers = headers
        self.etag = etag
        self.lastModified = lastModified
    }
}
