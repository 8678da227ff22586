import Foundation
import GRDB
import Testing

@testable import VigieStore

@Suite struct MigrationTests {
    @Test func freshInMemoryDatabaseHasEveryMigration() throws {
        let database = try VigieDatabase.inMemory()
        #expect(try database.appliedMigrations() == VigieDatabase.migrator.migrations)
        #expect(
            VigieDatabase.migrator.migrations.prefix(3) == [
                "v1-sources-entries-mentions", "v1-alerts-outbox", "v2-mention-slots",
            ])
        #expect(try database.sources().isEmpty)
        #expect(try database.mentions(MentionFilter()).isEmpty)
    }

    @Test func fileDatabaseIsInWALModeAndCreatesItsFolder() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/deeper/vigie.sqlite").path
        let database = try VigieDatabase(path: path)
        #expect(try database.journalMode() == "wal")
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try database.appliedMigrations() == VigieDatabase.migrator.migrations)
    }

    @Test func reopeningAFileKeepsItsDataAndDoesNotMigrateTwice() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        do {
            let database = try VigieDatabase(path: path)
            try database.syncSources([SourceDefinition(url: "https://a.example/feed", name: "A")], now: Fixtures.t0)
            try database.record(Fixtures.fetch("https://a.example/feed", Fixtures.stories(3)))
        }
        let reopened = try VigieDatabase(path: path)
        #expect(try reopened.appliedMigrations() == VigieDatabase.migrator.migrations)
        #expect(try reopened.mentions(MentionFilter()).count == 3)
        #expect(try reopened.sources().map(\.url) == ["https://a.example/feed"])
    }

    @Test func upgradingAnOlderFileIsAnnouncedOnceAndANewFileIsNot() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("old.sqlite").path
        try VigieDatabase.migrator.migrate(try DatabaseQueue(path: old), upTo: "v1-alerts-outbox")
        var announced: [[String]] = []
        _ = try VigieDatabase(path: old) { announced.append($0) }
        #expect(announced == [Array(VigieDatabase.migrator.migrations.drop { $0 != "v2-mention-slots" })])
        _ = try VigieDatabase(path: old) { announced.append($0) }
        _ = try VigieDatabase(path: folder.appendingPathComponent("new.sqlite").path) { announced.append($0) }
        #expect(announced.count == 1)
    }

    @Test func aVersionTwoFileGainsTheRecoveredColumnsWithItsRowsUnflagged() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("v2.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try VigieDatabase.migrator.migrate(queue, upTo: "v2-mention-slots")
        }
        do {
            // Written by the v2 schema's columns only (as an older Vigie would).
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO source (url, name, added_at, last_error) VALUES ('u', 'n', 0, NULL)")
                try db.execute(
                    sql: "INSERT INTO entry (source_id, text, first_seen_at, time) VALUES (1, 'Acme', 0, 0)")
            }
        }
        let database = try VigieDatabase(path: path)
        #expect(try database.source(url: "u")?.recovery == nil)
        #expect(try database.read("test") { try Int.fetchOne($0, sql: "SELECT recovered FROM entry") } == 0)
    }

    @Test func closingMakesLaterCallsFailAndKeepsTheData() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        let database = try VigieDatabase(path: path)
        try database.syncSources([SourceDefinition(url: "https://a.example/feed", name: "A")], now: Fixtures.t0)
        try database.record(Fixtures.fetch("https://a.example/feed", Fixtures.stories(4)))
        try database.close()
        #expect(throws: StoreError.self) { try database.sources() }
        // The WAL was checkpointed into the database file and emptied.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)
        #expect(try VigieDatabase(path: path).mentions(MentionFilter()).count == 4)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithItsPath() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.sqlite").path
        try Data(String(repeating: "not a database at all\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try VigieDatabase(path: path)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.subject == path && error.description.contains(path)
        }
    }
}

@Suite struct ConcurrentOpeningTests {
    /// `vigie watch` and `vigie mentions` started at once on a new file both
    /// migrate it: whichever loses the race must see the other's schema, not fail.
    @Test func severalConnectionsOpeningANewFileAtOnceAllSucceed() throws {
        for round in 0..<60 {
            let folder = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("vigie-\(round).sqlite").path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    let database = try VigieDatabase(path: path)
                    _ = try database.sources()
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.all.isEmpty)
            #expect(try VigieDatabase(path: path).appliedMigrations() == VigieDatabase.migrator.migrations)
        }
    }
}

/// Errors collected from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func append(_ value: String) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
