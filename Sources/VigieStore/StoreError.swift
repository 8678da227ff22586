import Foundation
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
        /// The database lacks migrations this Vigie needs and this process does not apply them
        /// (PostgreSQL: `vigie migrate` applies them, once for every worker).
        case olderSchema
        /// A fetch was to be written under a host lease that was taken over or expired: nothing was written.
        case leaseLost
        /// A fetch was recorded for a URL that ``VigieDatabase/syncSources(_:)`` never saw.
        case unknownSource
        /// A value passed in cannot be stored (for example an empty source URL).
        case invalidValue
        /// An alert or delivery id that is not in the database.
        case notFound
        /// The database is locked by another process for longer than the busy timeout.
        case busy
        /// Another watcher already runs on this database (see ``WatcherLock``).
        case alreadyWatched
        /// The disk (or the file system's quota) holding the database is full.
        case diskFull
        /// The operating system could not read or write the database file (I/O error, file
        /// removed or made read-only under a running process, corrupt file).
        case ioFailure
        /// Any other SQLite failure.
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
    /// The database file the failure happened in (`nil` in memory or before it is known).
    public var database: String?

    /// An error of `code` while doing `operation` on `subject`.
    public init(_ code: Code, operation: String, subject: String? = nil, reason: String) {
        self.code = code
        self.operation = operation
        self.subject = subject
        self.reason = reason
    }

    /// "store: recording a fetch (https://…): database is locked"; a failure of the
    /// file itself names the database file first, and says what to do.
    public var description: String {
        var text = "store: \(operation)"
        if let subject { text += " (\(subject))" }
        text += ": \(reason)"
        guard let database else { return text }
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
        switch code {
        case .diskFull:
            return "cannot write to the database \(database): the disk that holds \(folder) is full. "
                + "Free space there, then start Vigie again: everything already stored is intact, "
                + "and what was being stored is fetched again. (\(text))"
        case .ioFailure:
            return "cannot read or write the database \(database): the system reported an I/O error. "
                + "Check the disk and the file (was it moved, deleted or made read-only?), "
                + "then start Vigie again. (\(text))"
        case .busy:
            return "the database \(database) stayed locked by another process for \(Int(VigieDatabase.busyTimeout)) s. "
                + "Another Vigie, or a tool such as sqlite3, is holding a write lock. (\(text))"
        default:
            return text
        }
    }

    /// Wraps a failure thrown while doing `operation`, keeping a `StoreError` as it is.
    static func wrapping(
        _ error: any Error, operation: String, subject: String?, database: String? = nil
    ) -> StoreError {
        if var error = error as? StoreError {
            if error.database == nil { error.database = database }
            return error
        }
        var wrapped: StoreError
        if let error = error as? DatabaseError {
            let code: Code
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: code = .busy
            case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_READONLY: code = .cannotOpen
            case .SQLITE_FULL: code = .diskFull
            case .SQLITE_IOERR, .SQLITE_CORRUPT: code = .ioFailure
            default: code = .databaseFailure
            }
            let message = error.message ?? "\(error.resultCode)"
            wrapped = StoreError(code, operation: operation, subject: subject, reason: message)
        } else {
            wrapped = StoreError(.databaseFailure, operation: operation, subject: subject, reason: "\(error)")
        }
        wrapped.database = database
        return wrapped
    }
}
