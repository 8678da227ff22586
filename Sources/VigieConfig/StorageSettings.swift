import Foundation

/// Where Vigie keeps its database.
public struct StorageSettings: Sendable, Hashable {
    /// The SQLite database file (absolute; relative paths in the file are
    /// resolved against the configuration file's folder).
    public var path: URL
    /// How long mentions, entries and delivered webhook rows are kept (`retention:`); `nil`, the default,
    /// keeps everything. Timelines and alerts outlive it.
    public var retention: Duration?

    /// Storage in the database file at `path`, keeping mentions for `retention` (forever by default).
    public init(path: URL, retention: Duration? = nil) {
        self.path = path
        self.retention = retention
    }
}
