/// How Vigie fetches: timeouts, limits and politeness. The defaults suit a
/// watcher polling a few hundred feeds every quarter of an hour.
public struct FetchPolicy: Sendable, Hashable {
    /// Time allowed to open a connection.
    public var connectTimeout: Duration
    /// Time allowed between two reads of the response.
    public var readTimeout: Duration
    /// Time allowed for the whole exchange, redirects included.
    public var totalTimeout: Duration
    /// Bodies larger than this are refused (decompressed size).
    public var maximumBodyBytes: Int
    /// Redirects followed before giving up.
    public var maximumRedirects: Int
    /// The longest wait a `Retry-After` header can impose; a server asking for
    /// more is waited for this long (and the source's error says so).
    public var maximumRetryAfter: Duration
    /// Requests in flight at once, all hosts together.
    public var maximumConcurrentRequests: Int
    /// Sent with every request, so site owners know who is calling.
    public var userAgent: String

    public init(
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(30),
        totalTimeout: Duration = .seconds(60),
        maximumBodyBytes: Int = 16 << 20,
        maximumRedirects: Int = 5,
        maximumRetryAfter: Duration = .seconds(86_400),
        maximumConcurrentRequests: Int = 16,
        userAgent: String = "Vigie/0.1 (brand-mention monitor; +https://github.com/vigie-monitor/vigie)"
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumRedirects = maximumRedirects
        self.maximumRetryAfter = maximumRetryAfter
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.userAgent = userAgent
    }
}
