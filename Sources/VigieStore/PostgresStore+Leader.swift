import Foundation
import Logging
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// Takes the role's lease when it is free or expired on the database's clock, with the next term (`now` is
    /// not read).
    public func acquireLeadership(role: String, holder: String, duration: Duration, now: Date) async throws
        -> LeaderLease?
    {
        let logger = self.logger
        let interval = Self.seconds(duration)
        return try await transaction("taking the \(role) lease", subject: holder) { connection in
            try await connection.query(
                """
                INSERT INTO leader_lease AS l (role, holder, term, leased_until)
                VALUES (\(role), \(holder), 1, now() + make_interval(secs => \(interval)))
                ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, term = l.term + 1,
                    leased_until = excluded.leased_until
                WHERE l.leased_until <= now()
                RETURNING term, extract(epoch FROM leased_until)::float8
                """, logger: logger
            ).collect().first.map { row in
                let (term, expires) = try row.decode((Int64, Double).self)
                return LeaderLease(
                    role: role, holder: holder, term: term, expires: Date(timeIntervalSince1970: expires))
            }
        }
    }

    /// Extends a lease that still holds, on the database's clock (`now` is not read).
    public func renewLeadership(_ lease: LeaderLease, duration: Duration, now: Date) async throws -> LeaderLease? {
        let logger = self.logger
        let interval = Self.seconds(duration)
        let expires = try await transaction("renewing the \(lease.role) lease", subject: lease.holder) { connection in
            try await connection.query(
                """
                UPDATE leader_lease SET leased_until = now() + make_interval(secs => \(interval))
                WHERE role = \(lease.role) AND term = \(lease.term) AND leased_until > now()
                RETURNING extract(epoch FROM leased_until)::float8
                """, logger: logger
            ).collect().first?.decode(Double.self)
        }
        return expires.map {
            var renewed = lease
            renewed.expires = Date(timeIntervalSince1970: $0)
            return renewed
        }
    }

    public func releaseLeadership(_ lease: LeaderLease) async throws {
        let logger = self.logger
        try await transaction("releasing the \(lease.role) lease", subject: lease.holder) { connection in
            try await connection.query(
                """
                UPDATE leader_lease SET leased_until = '-infinity' WHERE role = \(lease.role) AND term = \(lease.term)
                """, logger: logger)
        }
    }

    /// Throws `.leaseLost` unless `lease` is its role's current term and unexpired; share-locks the row until
    /// the transaction ends, so that a takeover waits for the write it fences.
    static func checkLeadership(_ connection: PostgresConnection, _ lease: LeaderLease, logger: Logger) async throws {
        let holds = try await connection.query(
            """
            SELECT 1 FROM leader_lease WHERE role = \(lease.role) AND term = \(lease.term) AND leased_until > now()
            FOR SHARE
            """, logger: logger
        ).collect()
        guard !holds.isEmpty else {
            throw StoreError(
                .leaseLost, operation: "storing an alert", subject: lease.role,
                reason:
                    "the \(lease.role) lease of \(lease.holder) (term \(lease.term)) expired or was taken over; nothing was written"
            )
        }
    }
}
