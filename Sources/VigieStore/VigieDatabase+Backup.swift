import Foundation
import GRDB

extension VigieDatabase {
    /// What ``backup(to:)`` wrote.
    public struct Backup: Sendable, Hashable {
        /// The copy.
        public var path: String
        /// Mentions in the copy.
        public var mentions: Int
        /// The copy's size in bytes.
        public var bytes: Int64
    }

    /// Copies the database to `destination` with SQLite's online backup, while the watcher may be writing:
    /// the copy is one consistent snapshot (a read transaction, which never blocks writers). The copy is
    /// written beside `destination` under a temporary name, checked (`PRAGMA integrity_check`), switched
    /// out of WAL mode so that it is one self-contained file, then renamed over `destination`: a failed or
    /// interrupted backup never leaves a half-written file under that name. The copy is readable by its
    /// owner only, like the store.
    /// - Throws: ``StoreError`` (`.cannotOpen` when `destination`'s folder cannot be written,
    ///   `.databaseFailure` when the copy fails its check).
    public func backup(to destination: String) throws -> Backup {
        let partial = destination + ".partial"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: partial + suffix)
            }
        }
        let mentions: Int
        do {
            try Self.createPrivately(partial)
            let copy = try DatabaseQueue(path: partial)
            try writer.backup(to: copy)
            mentions = try copy.writeWithoutTransaction { db in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard check == ["ok"] else {
                    throw StoreError(
                        .databaseFailure, operation: "checking the backup", subject: destination,
                        reason: "integrity_check: " + check.prefix(5).joined(separator: "; "))
                }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM mention") ?? 0
            }
            try copy.close()
        } catch {
            throw StoreError.wrapping(error, operation: "backing up the database", subject: destination, database: path)
        }
        guard rename(partial, destination) == 0 else {
            throw StoreError(
                .cannotOpen, operation: "backing up the database", subject: destination,
                reason: "cannot rename \(partial) to it: \(String(cString: strerror(errno)))")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value
        return Backup(path: destination, mentions: mentions, bytes: size ?? 0)
    }
}
