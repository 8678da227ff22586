import Foundation

/// A worker's lease on a role that one worker at a time plays (the detector and the webhook sender): the
/// role's term, counted up at each takeover, fences the holder's writes (``AlertStore/insertAlert(_:sinks:fencedBy:)``).
public struct LeaderLease: Sendable, Hashable {
    /// The role (`detector`).
    public var role: String
    /// Who holds it (a worker's name, for logs).
    public var holder: String
    /// The term: higher than every earlier holder's.
    public var term: Int64
    /// When it expires, on the store's clock (PostgreSQL's for ``PostgresStore``).
    public var expires: Date

    /// A lease as a store hands it out.
    public init(role: String, holder: String, term: Int64, expires: Date) {
        self.role = role
        self.holder = holder
        self.term = term
        self.expires = expires
    }
}
