import Foundation

/// Where Vigie keeps its database.
public struct StorageSettings: Sendable, Hashable {
    /// The SQLite database file (absolute; relative paths in the file are
    /// resolved against the configuration file's folder).
    public var path: URL

    /// Storage in the database file at `path`.
    public init(path: URL) {
        self.path = path
    }
}
