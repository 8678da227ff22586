import Foundation

/// Where a PostgreSQL store lives, as `storage:` names it in `vigie.yaml`: a `postgres://` URL without
/// its password, the environment variable holding the password, and how many connections to open.
///
/// ```swift
/// let location = try PostgresLocation(url: "postgres://vigie@db.example:5432/vigie?sslmode=require")
/// location.host       // "db.example"
/// location.sslMode    // .require
/// ```
///
/// The password is never part of the value that is written down: a URL with one is refused
/// (``Problem``), and ``passwordVariable`` names where it is read from when the store connects.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted, as libpq's `sslmode` says it.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default).
        case prefer
        /// TLS or no connection; the certificate is not checked (as libpq's `require`).
        case require
        /// TLS with the server's certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    /// Why a URL cannot be used, in words for `vigie config check`.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong and what to write instead.
        public var message: String
        /// A problem saying `message`.
        public init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// The server's host name or address.
    public var host: String
    /// The server's TCP port (5432 by default).
    public var port: Int
    /// The role Vigie connects as.
    public var user: String
    /// The database holding Vigie's tables.
    public var database: String
    /// TLS or not (``SSLMode/prefer`` by default).
    public var sslMode: SSLMode
    /// The environment variable that holds the password (`password_env:`), `nil` for none (trust, peer
    /// or certificate authentication).
    public var passwordVariable: String?
    /// How many connections this process opens at most (`connections:`, 4 by default).
    public var connections: Int

    /// How long a worker's claim on a host holds (`lease:`, 5 minutes by default): renewed before each of the
    /// host's sources, so one source's poll (fetch, parse, score, store) must fit in it; a worker that dies
    /// holds its hosts this long at most.
    public var lease: Duration

    /// The default of ``lease``.
    public static let defaultLease = Duration.seconds(300)
    /// The shortest and longest ``lease`` allowed.
    public static let leaseRange = Duration.seconds(10)...Duration.seconds(3600)

    /// The default of ``connections``.
    public static let defaultConnections = 4
    /// The most connections one process may ask for.
    public static let maximumConnections = 100

    /// A location from its parts.
    public init(
        host: String, port: Int = 5432, user: String, database: String, sslMode: SSLMode = .prefer,
        passwordVariable: String? = nil, connections: Int = Self.defaultConnections, lease: Duration = Self.defaultLease
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.sslMode = sslMode
        self.passwordVariable = passwordVariable
        self.connections = connections
        self.lease = lease
    }

    /// Whether `text` is meant as a PostgreSQL URL (`postgres://` or `postgresql://`) rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Reads `postgres://user@host:port/database?sslmode=…`.
    ///
    /// - Throws: ``Problem`` when the URL has a password (it belongs in the variable `password_env:`
    ///   names), lacks a user, host or database, has a bad port, or a parameter other than `sslmode`.
    public init(url text: String) throws(Problem) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw Problem("expected a URL such as postgres://vigie@db.example:5432/vigie?sslmode=require")
        }
        if components.password != nil {
            throw Problem(
                "the URL holds a password: remove it (postgres://USER@HOST/DB) and name the environment variable "
                    + "that holds it with password_env: under storage:")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw Problem("the URL names no user: write postgres://USER@HOST:PORT/DATABASE")
        }
        guard var host = components.host, !host.isEmpty else {
            throw Problem("the URL names no host: write postgres://USER@HOST:PORT/DATABASE")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw Problem("port \(port) is not a TCP port (1 to 65535)") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw Problem("the URL names no database: write postgres://USER@HOST:PORT/DATABASE")
        }
        var sslMode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw Problem("unknown URL parameter \"\(item.name)\"; only sslmode is read")
            }
            guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem("sslmode=\(item.value ?? "") is not one of \(modes)")
            }
            sslMode = mode
        }
        self.init(host: host, port: port, user: user, database: database, sslMode: sslMode)
    }

    /// The URL without a password, as logs and messages show it.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
