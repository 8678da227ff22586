import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a host name into the addresses a connection may use.
///
/// The fetcher resolves every host itself, checks the addresses, then
/// connects to the one it checked: what was checked is what is reached, even
/// when the name's DNS answer changes between two lookups.
public protocol HostResolver: Sendable {
    /// The addresses of `host` (a name or an address literal), best first.
    /// - Throws: ``HostResolutionError`` when the name does not resolve;
    ///   `CancellationError` when the task is cancelled.
    func addresses(of host: String) async throws -> [IPAddress]
}

/// Why a host name did not resolve.
public struct HostResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host that was looked up.
    public var host: String
    /// The resolver's reason ("Name or service not known").
    public var reason: String

    /// An error for `host`, with the resolver's reason.
    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    /// "cannot resolve host HOST: REASON".
    public var description: String { "cannot resolve host \(host): \(reason)" }
}

/// The system's resolver (`getaddrinfo`: `/etc/hosts`, then DNS), called on a
/// Dispatch thread so a slow lookup never blocks Swift's cooperative pool.
/// Cancelling the task stops the wait at once (the lookup itself finishes in
/// the background and its answer is dropped).
///
/// IPv4 addresses come first: a host whose IPv6 route is broken (common in
/// containers) is still reached, since a fetch connects to one checked address
/// only.
public struct SystemResolver: HostResolver {
    /// The system's resolver.
    public init() {}

    /// The addresses of `host`, IPv4 first; an address literal is its own answer, without a lookup.
    public func addresses(of host: String) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        let pending = PendingLookup()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[IPAddress], any Error>) in
                guard pending.install(continuation) else { return }
                DispatchQueue.global(qos: .utility).async {
                    pending.finish(Result { try Self.lookUp(host) })
                }
            }
        } onCancel: {
            pending.finish(.failure(CancellationError()))
        }
    }

    static func lookUp(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw HostResolutionError(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let socketAddress = info.ai_addr else { continue }
            var address: IPAddress?
            switch info.ai_family {
            case AF_INET:
                address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var raw = $0.pointee.sin_addr
                    return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
                }
            case AF_INET6:
                address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var raw = $0.pointee.sin6_addr
                    return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
                }
            default: break
            }
            if let address, !found.contains(address) { found.append(address) }
        }
        guard !found.isEmpty else { throw HostResolutionError(host: host, reason: "no address") }
        return found.filter(\.isIPv4) + found.filter { !$0.isIPv4 }
    }
}

/// A continuation resumed exactly once, by the lookup or by cancellation, whichever comes first.
private final class PendingLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<[IPAddress], any Error>?
    private var early: Result<[IPAddress], any Error>?
    private var done = false

    /// Keeps the continuation; false (and resumed) if the result came first.
    func install(_ continuation: CheckedContinuation<[IPAddress], any Error>) -> Bool {
        let early: Result<[IPAddress], any Error>? = lock.withLock {
            if let early = self.early { return early }
            self.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    func finish(_ result: Result<[IPAddress], any Error>) {
        let continuation: CheckedContinuation<[IPAddress], any Error>? = lock.withLock {
            guard !done else { return nil }
            done = true
            if let waiting = self.continuation {
                self.continuation = nil
                return waiting
            }
            early = result
            return nil
        }
        continuation?.resume(with: result)
    }
}
