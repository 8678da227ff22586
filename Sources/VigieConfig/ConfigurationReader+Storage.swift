import Foundation
import VigieCore
import Yams

extension ConfigurationReader {
    private static let storageKeys = ["path", "url", "password_env", "connections", "lease"]

    /// Reads `storage:`: a file path (SQLite), a `postgres://` URL, or a mapping with `path:`, or with `url:`,
    /// `password_env:`, `connections:` and `lease:` (PostgreSQL). Every problem is reported with its line.
    mutating func readStorage(_ node: Node?) -> StorageSettings {
        let fallback = StorageSettings(path: baseDirectory.appendingPathComponent("vigie.db"))
        guard let node, node.null == nil else { return fallback }
        if node.scalar != nil {
            guard let text = string(node, "storage"), !text.isEmpty else { return fallback }
            if PostgresLocation.isURL(text) {
                return postgres(url: text, node, path: "storage", fallback: fallback) ?? fallback
            }
            return sqlite(path: text, node, "storage.path", fallback: fallback)
        }
        guard node.mapping != nil else {
            problem(node, "storage", "expected a database path, a postgres:// URL, or a mapping with path: or url:")
            return fallback
        }
        let keys = mapping(node, "storage", allowed: Self.storageKeys)
        if let path = keys["path"] {
            for key in ["url", "password_env", "connections", "lease"] {
                if let extra = keys[key] {
                    problem(extra.key, "storage.\(key)", "\(key): is for PostgreSQL (url:); path: is a SQLite file")
                }
            }
            guard let text = string(path.node, "storage.path"), !text.isEmpty else { return fallback }
            if PostgresLocation.isURL(text) {
                problem(path.node, "storage.path", "a postgres:// URL goes under url:, not path:")
                return fallback
            }
            return sqlite(path: text, path.node, "storage.path", fallback: fallback)
        }
        guard let url = keys["url"] else {
            // An empty mapping keeps the default; one with only misspelt keys was reported key by key.
            if !keys.isEmpty {
                problem(node, "storage", "expected path: (a SQLite file) or url: (postgres://USER@HOST:PORT/DATABASE)")
            }
            return fallback
        }
        guard let text = string(url.node, "storage.url") else { return fallback }
        guard var settings = postgres(url: text, url.node, path: "storage.url", fallback: fallback),
            var location = settings.postgres
        else { return fallback }
        if let entry = keys["password_env"], let variable = string(entry.node, "storage.password_env") {
            if variable.isEmpty || !variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                problem(
                    entry.node, "storage.password_env",
                    "the name of an environment variable that holds the password, e.g. VIGIE_DATABASE_PASSWORD")
            } else {
                location.passwordVariable = variable
                if case .watching(let environment) = purpose, environment[variable]?.isEmpty ?? true {
                    problem(
                        entry.node, "storage.password_env",
                        "the environment variable \(variable) is not set: Vigie reads the database password from it")
                }
            }
        }
        if let entry = keys["connections"] {
            let range = 1...PostgresLocation.maximumConnections
            if let count = entry.node.int, range.contains(count) {
                location.connections = count
            } else {
                problem(
                    entry.node, "storage.connections",
                    "expected a number of connections from 1 to \(range.upperBound), such as 4")
            }
        }
        if let entry = keys["lease"], let text = string(entry.node, "storage.lease") {
            let range = PostgresLocation.leaseRange
            if let lease = DurationText.parse(text), range.contains(lease) {
                location.lease = lease
            } else {
                problem(
                    entry.node, "storage.lease",
                    "expected how long a worker's claim on a host holds, from 10s to 1h, such as 5m (the default)")
            }
        }
        settings.postgres = location
        return settings
    }

    private mutating func sqlite(path text: String, _ node: Node, _ path: String, fallback: StorageSettings)
        -> StorageSettings
    {
        if text.lowercased().hasPrefix("http:") || text.lowercased().hasPrefix("https:") {
            problem(node, path, "the database must be a local file path (or a postgres:// URL)")
            return fallback
        }
        return StorageSettings(path: resolve(path: text))
    }

    private mutating func postgres(url text: String, _ node: Node, path: String, fallback: StorageSettings)
        -> StorageSettings?
    {
        do {
            return StorageSettings(postgres: try PostgresLocation(url: text), path: fallback.path)
        } catch {
            problem(node, path, error.message)
            return nil
        }
    }
}
