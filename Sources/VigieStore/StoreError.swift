import GRDB

/// The one error type of `VigieStore`: what the store was doing, on which
/// database file or source URL, and why it failed.
///
/// ```swift
/// do { try database.record(fetch) }
/// catch let error as StoreError where error.code == .unknownSource { … }
/// ```
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure a caller may want to tell apart.
    public enum Code: String, Sendable, Hashable {
        /// The database file could not be created or opened.
        case cannotOpen
        /// A migration failed; the schema is left as it was before it.
        case migrationFailed
        /// The database was written by a newer Vigie (it has migrations this one does not know).
        case newerSchema
        /// A fetch was recorded for a URL that ``VigieDatabase/syncSources(_:)`` never saw.
        case unknownSource
        /// A value passed in cannot be stored (for example an empty source URL).
        case invalidValue
        /// An alert or delivery id that is not in the database.
        case notFound
        /// The database is locked by another process for longer than the busy timeout.
        case busy
        /// Any other SQLite failure (disk full, corrupt file, I/O error…).
        case databaseFailure
    }

    /// The kind of failure.
    public var code: Code
    /// What was being done, in words: "recording a fetch", "opening the database"…
    public var operation: String
    /// The database file, source URL or alert the operation was about, when there is one.
    public var subject: String?
    /// The underlying reason (SQLite's message, or ours).
    public var reason: String

    /// An error of `code` while doing `operation` on `subject`.
    public init(_ code: Code, operation: String, subject: String? = nil, reason: String) {
        self.code = code
        self.operation = operation
        self.subject = subject
        self.reason = reason
    }

    /// "store: recording a fetch (https://…): database is locked".
    public var description: String {
        var text = "store: \(operation)"
        if let subject { text += " (\(subject))" }
        return text + ": \(reason)"
    }

    /// Wraps a failure thrown while doing `operation`, keeping a `StoreError` as it is.
    static func wrapping(_ error: any Error, operation: String, subject: String?) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            let code: Code
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: code = .busy
            case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_READONLY: code = .cannotOpen
            default: code = .databaseFailure
            }
            let message = error.message ?? "\(error.resultCode)"
            return StoreError(code, operation: operation, subject: subject, reason: message)
        }
        return StoreError(.databaseFailure, operation: operation, subject: subject, reason: "\(error)")
    }
}
