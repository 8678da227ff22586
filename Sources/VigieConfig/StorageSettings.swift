import Foundation
import VigieCore

/// Where Vigie keeps its database.
public struct StorageSettings: Sendable, Hashable {
    /// The SQLite database file (absolute; relative paths in the file are
    /// resolved against the configuration file's folder). Unused when ``postgres`` is set.
    public var path: URL
    /// The PostgreSQL database shared by several watchers (`storage: postgres://…`, issue 16), or `nil`
    /// for the SQLite file at ``path`` (the default).
    public var postgres: PostgresLocation?
    /// How long mentions, entries and delivered webhook rows are kept (`retention:`); `nil`, the default,
    /// keeps everything. Timelines and alerts outlive it.
    public var retention: Duration?

    /// Storage in the database file at `path`, keeping mentions for `retention` (forever by default).
    public init(path: URL, retention: Duration? = nil) {
        self.path = path
        self.retention = retention
    }

    /// Storage in PostgreSQL at `postgres`; `path` stays the SQLite file the configuration would otherwise use.
    public init(postgres: PostgresLocation, path: URL, retention: Duration? = nil) {
        self.postgres = postgres
        self.path = path
        self.retention = retention
    }
}
