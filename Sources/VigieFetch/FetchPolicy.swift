/// How Vigie fetches: timeouts, limits and politeness. The defaults suit a
/// watcher polling a few hundred feeds every quarter of an hour.
///
/// Every limit here holds against a server that misbehaves on purpose: the
/// whole exchange has a deadline, a server that trickles its body is cut off,
/// a `Retry-After` cannot park a source for ever, and a redirect cannot point
/// the fetch at this machine or its network (see ``allowPrivateRedirects``).
public struct FetchPolicy: Sendable, Hashable {
    /// Time allowed to open a connection.
    public var connectTimeout: Duration
    /// Time allowed between two reads of the response.
    public var readTimeout: Duration
    /// Time allowed for the whole exchange: name lookups, redirects, the
    /// response head and the whole body. When it runs out the request is
    /// cancelled and its connection closed.
    public var totalTimeout: Duration
    /// The slowest transfer accepted once the response head has arrived, or
    /// `nil` for no minimum. The default, 1 KiB every 10 s, only cuts off a
    /// server that drips its body a few bytes at a time (a read timeout never
    /// fires while bytes keep coming); any real connection is far faster.
    public var minimumTransferRate: TransferRate?
    /// Bodies larger than this are refused (decompressed size).
    public var maximumBodyBytes: Int
    /// Redirects followed before giving up.
    public var maximumRedirects: Int
    /// The longest wait a `Retry-After` header can impose; a server asking for
    /// more is waited for this long (and the source's error says so).
    public var maximumRetryAfter: Duration
    /// Whether a redirect may lead to a loopback, link-local, private-network,
    /// unspecified or reserved address (see ``AddressScope``) when the
    /// configured URL is not itself in that scope. Off by default: a feed on
    /// the internet must not be able to point Vigie at `169.254.169.254` or
    /// the admin page of a router. Set by `fetch: allow_private_redirects:` in `vigie.yaml`.
    public var allowPrivateRedirects: Bool
    /// Requests in flight at once, all hosts together.
    public var maximumConcurrentRequests: Int
    /// Sent with every request, so site owners know who is calling.
    public var userAgent: String

    /// A policy; every limit has the default described on its property.
    public init(
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(30),
        totalTimeout: Duration = .seconds(60),
        minimumTransferRate: TransferRate? = TransferRate(bytes: 1024, every: .seconds(10)),
        maximumBodyBytes: Int = 16 << 20,
        maximumRedirects: Int = 5,
        maximumRetryAfter: Duration = .seconds(86_400),
        allowPrivateRedirects: Bool = false,
        maximumConcurrentRequests: Int = 16,
        userAgent: String = "Vigie/0.1 (brand-mention monitor; +https://github.com/vigie-monitor/vigie)"
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.minimumTransferRate = minimumTransferRate
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumRedirects = maximumRedirects
        self.maximumRetryAfter = maximumRetryAfter
        self.allowPrivateRedirects = allowPrivateRedirects
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.userAgent = userAgent
    }
}

/// A transfer rate measured over a sliding window: at least `bytes` in any
/// `window` once the response head has arrived.
public struct TransferRate: Sendable, Hashable, CustomStringConvertible {
    /// Bytes that must arrive in each window.
    public var bytes: Int
    /// The window (also the grace period after the head).
    public var window: Duration

    /// At least `bytes` in every `window`.
    public init(bytes: Int, every window: Duration) {
        self.bytes = bytes
        self.window = window
    }

    /// "1 KiB/10 s".
    public var description: String {
        let size = bytes >= 1024 && bytes % 1024 == 0 ? "\(bytes / 1024) KiB" : "\(bytes) bytes"
        return "\(size)/\(window.words)"
    }
}
