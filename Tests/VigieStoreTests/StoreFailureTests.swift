import Foundation
import GRDB
import Testing
import VigieCore

@testable import VigieStore

/// What the store does when the machine gets in the way: a reader that never
/// lets go, a full disk, and who may read the file.
@Suite struct StoreFailureTests {
    private let sources = ["https://a.example/feed"]

    private func open(_ path: String, prepare: (@Sendable (Database) throws -> Void)? = nil) throws -> VigieDatabase {
        let database = try VigieDatabase(path: path, durability: .normal, willUpgrade: nil, prepare: prepare)
        try database.syncSources(
            sources.map { SourceDefinition(url: $0, name: "A", kind: "rss") }, now: Fixtures.t0)
        return database
    }

    /// `vigie watch --once` used to end with "database is locked" when a dashboard or
    /// sqlite3 held a read transaction at the moment it closed the store.
    @Test func closingSucceedsWhileAnotherConnectionHoldsAReadTransaction() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.db").path
        let database = try open(path)
        _ = try database.record(Fixtures.fetch(sources[0], Fixtures.stories(20)))

        // Another process's reader: its own connection, a snapshot held open.
        let reader = try DatabaseQueue(path: path)
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM mention") == 20)
            // The watcher writes once more, so the WAL has frames the reader pins, then closes.
            _ = try database.record(
                Fixtures.fetch(sources[0], at: Fixtures.t0.addingTimeInterval(60), Fixtures.stories(5, prefix: "t")))
            #expect(throws: Never.self) { try database.close() }
            try db.execute(sql: "COMMIT")
        }
        // Nothing was lost by closing without truncating the WAL.
        let again = try VigieDatabase(path: path)
        #expect(try again.mentionCounts().map(\.total).reduce(0, +) == 25)
    }

    /// A full disk used to stop the watcher with an error naming the feed being stored,
    /// and nothing about the database file or what to do.
    @Test func aFullDiskNamesTheDatabaseFileAndWhatToDo() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.db").path
        let pages = try {
            let database = try open(path)
            defer { try? database.close() }
            return try database.read("counting pages") { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        }()
        // The file may not grow past a few more pages (opening a store with incremental auto-vacuum may
        // take a couple, for its pointer maps), far fewer than the 80 the fetch below needs: SQLite answers
        // SQLITE_FULL, as on a full disk.
        let database = try open(path) { db in try db.execute(sql: "PRAGMA max_page_count = \(pages + 16)") }
        let big = (0..<40).map { index in
            ScoredEntry(
                entry: Fixtures.entry(
                    id: "big-\(index)", link: "https://news.example/big/\(index)",
                    text: "Orange " + String(repeating: "panne réseau partout ", count: 400) + "\(index)"),
                mentions: [Fixtures.mention("Orange", .negative)])
        }
        let error = try #require(throws: StoreError.self) {
            _ = try database.record(Fixtures.fetch(sources[0], big))
        }
        #expect(error.code == .diskFull)
        #expect(error.database == path)
        let text = error.description
        #expect(text.hasPrefix("cannot write to the database \(path)"), "\(text)")
        #expect(text.contains("is full"))
        #expect(text.contains("Free space"))
        // The feed is still named, after the database, for the log.
        #expect(text.contains(sources[0]))
    }

    /// The store holds what was said about the brands and the webhook history: its owner's only.
    @Test func aNewDatabaseFileIsReadableByItsOwnerOnly() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.db").path
        let database = try open(path)
        _ = try database.record(Fixtures.fetch(sources[0], Fixtures.stories(3)))
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            var status = stat()
            #expect(stat(file, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o600, "\(file) has mode \(String(status.st_mode & 0o777, radix: 8))")
        }
        try database.close()
    }

    /// A feed date of a 12-digit year (or a server's absurd Retry-After date) used to trap when stored.
    @Test func anAbsurdDateIsStoredClampedNotATrap() throws {
        let database = try Fixtures.database(sources: sources)
        let far = Date(timeIntervalSince1970: 1e300)
        var record = Fixtures.fetch(
            sources[0],
            [
                ScoredEntry(
                    entry: Fixtures.entry(
                        id: "far", link: "https://news.example/far", text: "Orange far away", published: far),
                    mentions: [Fixtures.mention("Orange")])
            ])
        record.nextPollAt = far
        let summary = try database.record(record)
        #expect(summary.mentionsStored == 1)
        let state = try #require(try database.sources().first)
        #expect(state.nextPollAt.map { $0 > Date(timeIntervalSince1970: 9e15) } == true)
    }
}
