import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The request context of `vigie serve`: Hummingbird's core context and the client's address (for the
/// loopback-only `/metrics`).
public struct ServeContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected client.
    public let remoteAddress: SocketAddress?
    /// The dashboard session (set by ``AccessMiddleware`` on every request).
    var session: Session?

    /// A context for a request on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Whether the client connected from loopback.
    public var isLoopbackClient: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return ServerSettings.isLoopback(ip) || ip == "::ffff:127.0.0.1"
    }
}
