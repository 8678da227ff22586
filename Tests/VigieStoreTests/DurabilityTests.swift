import Foundation
import GRDB
import Testing

@testable import VigieStore

/// What a crash leaves: the files on disk at the instant the process dies.
/// These tests copy the database and its WAL while a transaction is open
/// (with its pages already spilled to the WAL) and open the copy, as a
/// restart after `kill -9` would.
@Suite struct DurabilityTests {
    let url = "https://a.example/feed"

    func copyFiles(of path: String, to copy: String) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
        }
    }

    @Test func anUncommittedTransactionLeavesNothingAndCommittedOnesStay() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        let crashed = folder.appendingPathComponent("crashed.sqlite").path
        let database = try VigieDatabase(path: path)
        try database.syncSources([SourceDefinition(url: url, name: "A")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(url, Fixtures.stories(20, prefix: "committed")))

        var walBytesDuringTransaction = 0
        try database.writer.writeWithoutTransaction { db in
            // A tiny page cache forces SQLite to write uncommitted pages to the WAL.
            try db.execute(sql: "PRAGMA cache_size = 2")
            try db.execute(sql: "BEGIN IMMEDIATE")
            let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source")!
            for index in 0..<2_000 {
                try db.execute(
                    sql: "INSERT INTO entry (source_id, guid, text, first_seen_at, time) VALUES (?, ?, ?, 0, 0)",
                    arguments: [sourceID, "uncommitted-\(index)", String(repeating: "Orange panne ", count: 40)])
            }
            walBytesDuringTransaction =
                (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            try copyFiles(of: path, to: crashed)
            try db.execute(sql: "ROLLBACK")
            try db.execute(sql: "PRAGMA cache_size = -2000")
        }
        // The uncommitted pages really were on disk when the copy was taken.
        #expect(walBytesDuringTransaction > 2_000 * 400)

        let restarted = try VigieDatabase(path: crashed)
        #expect(try restarted.mentions(MentionFilter()).count == 20)
        let guids = try restarted.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM entry WHERE guid LIKE 'uncommitted-%'")
        }
        #expect(guids == 0)
        let integrity = try restarted.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        // Replaying the fetch that was in flight stores it once.
        #expect(try restarted.record(Fixtures.fetch(url, Fixtures.stories(20, prefix: "committed"))).newEntries == 0)
        #expect(try restarted.record(Fixtures.fetch(url, Fixtures.stories(5, prefix: "replayed"))).newEntries == 5)
        #expect(try restarted.mentions(MentionFilter()).count == 25)
    }

    @Test func aCommittedFetchIsInTheFilesAsSoonAsRecordReturns() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        let crashed = folder.appendingPathComponent("crashed.sqlite").path
        let database = try VigieDatabase(path: path)
        try database.syncSources([SourceDefinition(url: url, name: "A")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(url, etag: "\"v7\"", Fixtures.stories(30)))
        // No close, no checkpoint: copy the files as they are now.
        try copyFiles(of: path, to: crashed)
        let restarted = try VigieDatabase(path: crashed)
        #expect(try restarted.mentions(MentionFilter()).count == 30)
        #expect(try restarted.source(url: url)?.etag == "\"v7\"")
    }

    @Test func fileDatabasesUseWALWithFullSyncAndForeignKeys() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try VigieDatabase(path: folder.appendingPathComponent("vigie.sqlite").path)
        let (mode, synchronous, foreignKeys) = try database.writer.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)
        #expect(foreignKeys == 1)
        let normal = try VigieDatabase(path: folder.appendingPathComponent("normal.sqlite").path, durability: .normal)
        #expect(try normal.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
    }

    @Test func aNewerSchemaIsRefusedRatherThanGuessed() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.sqlite").path
        do {
            let database = try VigieDatabase(path: path)
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
            }
        }
        #expect {
            _ = try VigieDatabase(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .newerSchema
        }
    }
}
