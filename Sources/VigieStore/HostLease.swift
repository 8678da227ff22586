import Foundation

/// A worker's claim on one host: while it holds, no other worker polls that host's sources, and only its
/// holder's fetches of them are written (``WatchStore/record(_:fencedBy:)`` checks the token).
public struct HostLease: Sendable, Hashable {
    /// The host's politeness key (`SourceDefinition.host`).
    public var host: String
    /// The claim's token, new at each claim: a worker whose lease was taken over holds an old one.
    public var token: String
    /// Who claimed it (a worker's name, for logs and `vigie sources`).
    public var holder: String
    /// When it expires, on the store's clock (PostgreSQL's for ``PostgresStore``).
    public var expires: Date

    /// A lease as a store hands it out.
    public init(host: String, token: String, holder: String, expires: Date) {
        self.host = host
        self.token = token
        self.holder = holder
        self.expires = expires
    }
}
