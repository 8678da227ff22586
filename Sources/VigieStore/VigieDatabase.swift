import Foundation
import GRDB

/// Vigie's SQLite database: sources and their fetch state, deduplicated
/// entries, mentions, alerts and the webhook outbox.
///
/// A file database is a GRDB `DatabasePool` in WAL mode: readers (listings,
/// exports) never block the watcher's writes. Every write method is one
/// transaction: it is entirely on disk when the method returns, or not at
/// all (a crash or `kill -9` in the middle leaves the previous state).
///
/// ```swift
/// let database = try VigieDatabase(path: "/var/lib/vigie/vigie.sqlite")
/// try database.syncSources(config.sources.map { SourceDefinition(url: $0.url, name: $0.name) })
/// let summary = try database.record(fetch)
/// ```
///
/// Methods are synchronous and safe to call from any thread or task; writes
/// are serialised, reads run concurrently.
public final class VigieDatabase: Sendable {
    /// The file, or `nil` for an in-memory database.
    public let path: String?
    let writer: any DatabaseWriter
    /// The migrations that opening this database applied (those a ``WatchStore/migrate()`` call reports).
    let openedMigrations: [String]

    /// What a committed write survives.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// `synchronous = FULL`: each commit is fsynced before it returns; it
        /// survives a process crash, `kill -9`, an OS crash and a power cut.
        case full
        /// `synchronous = NORMAL`: commits survive a process crash and `kill -9`;
        /// an OS crash or power cut may lose the last ones (never corrupts).
        /// Saves one fsync per fetch.
        case normal
    }

    /// How long a write waits for another connection's lock before failing with ``StoreError/Code/busy``.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating it and its folder when needed) the database at `path`,
    /// in WAL mode with foreign keys on, and applies pending migrations.
    ///
    /// - Parameters:
    ///   - durability: what a commit survives (default: everything, ``Durability/full``).
    ///   - willUpgrade: called with the pending migrations' names before they run on a database that
    ///     already has a schema (not on a new one): a migration may rewrite every mention once, which
    ///     takes a while on a large store (17 s for 5 million mentions), so the caller can say so.
    /// - Throws: ``StoreError`` with `.cannotOpen` when the file cannot be
    ///   created or is not a database, `.newerSchema` when a newer Vigie wrote
    ///   it, `.migrationFailed` when a migration fails.
    public convenience init(path: String, durability: Durability = .full, willUpgrade: (([String]) -> Void)? = nil)
        throws
    {
        try self.init(path: path, durability: durability, willUpgrade: willUpgrade, prepare: nil)
    }

    /// The same, with `prepare` run on every connection after Vigie's own settings (tests use it
    /// to cap the file's size and meet a full disk).
    init(
        path: String, durability: Durability, willUpgrade: (([String]) -> Void)?,
        prepare: (@Sendable (Database) throws -> Void)?
    ) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .cannotOpen, operation: "creating the database folder", subject: path,
                reason: error.localizedDescription)
        }
        if try Self.createPrivately(path) { try Self.prepareNewFile(path) }
        self.path = path
        var configuration = Self.configuration(durability)
        if let prepare { configuration.prepareDatabase(prepare) }
        let writer = try Self.openPool(path: path, configuration: configuration)
        self.writer = writer
        self.openedMigrations = try Self.migrate(writer, subject: path, willUpgrade: willUpgrade)
    }

    /// Creates an empty database file readable and writable by its owner only (0600): it holds
    /// what was said about the brands and the webhook history. SQLite gives the `-wal` and `-shm`
    /// files the same mode. An existing file keeps the mode its owner gave it.
    /// Returns whether the file was created.
    @discardableResult
    static func createPrivately(_ path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            _ = fchmod(descriptor, 0o600)  // whatever the umask
            _ = Foundation.close(descriptor)
            return true
        }
        let failure = errno
        if failure == EEXIST { return false }
        throw StoreError(
            .cannotOpen, operation: "creating the database file", subject: path,
            reason: String(cString: strerror(failure)))
    }

    /// Gives a new, empty file incremental auto-vacuum, then WAL mode: `auto_vacuum` can only change
    /// before SQLite first writes the file, and switching to WAL writes it. The space retention frees is
    /// then given back to the disk a little at a time (``reclaimFreePages(limit:)``), with no `VACUUM`.
    private static func prepareNewFile(_ path: String) throws {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
        } catch {
            // Another process opening the same new file may have switched it to WAL first: the store then
            // works as before, without giving space back.
            if (error as? DatabaseError)?.resultCode == .SQLITE_BUSY { return }
            throw StoreError.wrapping(error, operation: "creating the database file", subject: path)
        }
    }

    /// Opens the pool. Switching a new file to WAL needs an exclusive lock that
    /// SQLite does not wait for, so a process opening the file while another
    /// one creates it gets "database is locked": it tries again for a few seconds.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(busyTimeout)
        var pause = 0.01
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline
            {
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.5)
            } catch {
                var wrapped = StoreError.wrapping(error, operation: "opening the database", subject: path)
                if wrapped.code != .busy { wrapped.code = .cannotOpen }
                throw wrapped
            }
        }
    }

    /// A fresh database in memory (a `DatabaseQueue`), with every migration applied.
    /// For tests and one-shot commands; it disappears with the value.
    public static func inMemory() throws -> VigieDatabase {
        do {
            return try VigieDatabase(writer: DatabaseQueue(configuration: configuration(.full)))
        } catch {
            throw StoreError.wrapping(error, operation: "creating an in-memory database", subject: nil)
        }
    }

    init(writer: any DatabaseWriter) throws {
        self.path = nil
        self.writer = writer
        self.openedMigrations = try Self.migrate(writer, subject: ":memory:")
    }

    static func configuration(_ durability: Durability) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "vigie"
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            // In WAL mode, FULL fsyncs the WAL at each commit; NORMAL only at checkpoints.
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        return configuration
    }

    /// Applies the pending migrations; returns those this call applied (none when another process did).
    private static func migrate(
        _ writer: any DatabaseWriter, subject: String, willUpgrade: (([String]) -> Void)? = nil
    ) throws -> [String] {
        let migrator = Self.migrator
        // GRDB reads the applied migrations before taking the write lock, so two
        // processes opening a new file at once (`vigie watch` and `vigie mentions`)
        // may both start the first migration; the loser fails with "table already
        // exists". It then finds the winner's schema on a later attempt.
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        var pause = 0.01
        var announced = false
        while true {
            do {
                let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
                if superseded {
                    throw StoreError(
                        .newerSchema, operation: "opening the database", subject: subject,
                        reason: "it was written by a newer version of Vigie (unknown migrations); upgrade Vigie")
                }
                let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
                let pending = migrator.migrations.filter { !applied.contains($0) }
                if let willUpgrade, !announced {
                    announced = true
                    if !applied.isEmpty && !pending.isEmpty { willUpgrade(pending) }
                }
                try migrator.migrate(writer)
                return pending
            } catch let error as StoreError {
                throw error
            } catch {
                let completed = (try? writer.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                if completed { return [] }
                if Date() < deadline {
                    Thread.sleep(forTimeInterval: pause)
                    pause = min(pause * 2, 0.5)
                    continue
                }
                var wrapped = StoreError.wrapping(error, operation: "migrating the database schema", subject: subject)
                if wrapped.code == .databaseFailure { wrapped.code = .migrationFailed }
                throw wrapped
            }
        }
    }

    /// Closes the database (at the end of `vigie watch`, after the last write).
    ///
    /// Not required — the connections close when the value is released — but
    /// it makes the end explicit: the WAL is checkpointed into the database
    /// file and truncated when no other process reads it at that moment (a reader
    /// never makes closing wait or fail), and any later call throws a ``StoreError``.
    ///
    /// - Throws: ``StoreError`` with `.busy` when a read or write is still running
    ///   (the database then stays usable).
    public func close() throws {
        do {
            try writer.writeWithoutTransaction { db in
                // Neither step may wait for, or fail because of, another process: a reader that
                // holds a snapshot (a dashboard, sqlite3) only means the WAL is truncated later,
                // by the next writer's checkpoint.
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                // Refreshes the planner's statistics where SQLite finds it useful (cheap).
                try? db.execute(sql: "PRAGMA optimize")
                if writer is DatabasePool { _ = try? db.checkpoint(.truncate) }
            }
            try writer.close()
        } catch {
            throw StoreError.wrapping(error, operation: "closing the database", subject: path ?? ":memory:")
        }
    }

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try read("reading the schema version") { db in try Self.migrator.appliedMigrations(db) }
    }

    /// SQLite's journal mode for this database (`wal` for a file, `memory` in memory).
    public func journalMode() throws -> String {
        try read("reading the journal mode") { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
    }

    // MARK: - Transactions with our error type

    /// Runs `body` in one write transaction, turning failures into ``StoreError``.
    func write<T>(_ operation: String, subject: String? = nil, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrapping(error, operation: operation, subject: subject, database: path)
        }
    }

    /// Runs `body` on a consistent snapshot, turning failures into ``StoreError``.
    func read<T>(_ operation: String, subject: String? = nil, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrapping(error, operation: operation, subject: subject, database: path)
        }
    }
}

/// Conversions between `Date` and the integer seconds stored in `*_at` and `time` columns.
enum Epoch {
    /// Whole seconds, rounded towards the past. Dates come from feeds and servers: an absurd one
    /// (a year of 12 digits, infinity) is clamped to ±290 million years rather than trapping.
    static func seconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard !value.isNaN else { return 0 }
        return Int64(max(-9.2e15, min(9.2e15, value)))
    }

    static func seconds(_ date: Date?) -> Int64? {
        date.map { seconds($0) }
    }

    static func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { date($0) }
    }
}
