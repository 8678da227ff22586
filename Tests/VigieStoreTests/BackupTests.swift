import Foundation
import GRDB
import Testing
import VigieCore

@testable import VigieStore

/// `backup(to:)`: SQLite's online backup, checked, one self-contained file, taken while another
/// connection writes.
@Suite struct BackupTests {
    static let feed = "https://a.example/feed"

    func store(_ folder: URL, stories: Int) throws -> VigieDatabase {
        let database = try VigieDatabase(path: folder.appendingPathComponent("vigie.db").path)
        try database.syncSources([SourceDefinition(url: Self.feed, name: "A", kind: "rss")], now: Fixtures.t0)
        try database.record(Fixtures.fetch(Self.feed, Fixtures.stories(stories)))
        return database
    }

    @Test func aBackupIsACheckedSelfContainedCopyThatOpensAsAStore() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(folder, stories: 25)
        let path = folder.appendingPathComponent("copies/backup.db").path
        try FileManager.default.createDirectory(
            atPath: folder.appendingPathComponent("copies").path, withIntermediateDirectories: true)
        let backup = try database.backup(to: path)
        #expect(backup.mentions == 25)
        #expect(backup.bytes > 0)
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("copies").path)
        #expect(leftovers == ["backup.db"])
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o077 == 0)

        let restored = try VigieDatabase(path: path)
        #expect(try restored.mentions(MentionFilter()).count == 25)
        #expect(
            try restored.timeline(MentionFilter(), bucket: .day) == database.timeline(MentionFilter(), bucket: .day))
    }

    @Test func aBackupReplacesAnOlderOneOnlyWhenComplete() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(folder, stories: 3)
        let path = folder.appendingPathComponent("backup.db").path
        #expect(try database.backup(to: path).mentions == 3)
        try database.record(Fixtures.fetch(Self.feed, Fixtures.stories(4, prefix: "more")))
        #expect(try database.backup(to: path).mentions == 7)

        let unwritable = folder.appendingPathComponent("missing/folder/backup.db").path
        #expect(throws: StoreError.self) { try database.backup(to: unwritable) }
    }

    @Test func aBackupTakenWhileAnotherConnectionWritesIsOneConsistentSnapshot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try store(folder, stories: 500)
        // The writer is a second connection to the same file, as `vigie watch` is for `vigie backup`.
        let writer = try VigieDatabase(path: folder.appendingPathComponent("vigie.db").path)
        let before = try database.mentions(MentionFilter()).count
        let writing = Task.detached {
            for round in 0..<40 {
                try writer.record(Fixtures.fetch(Self.feed, Fixtures.stories(10, prefix: "w\(round)")))
            }
        }
        var copies: [Int] = []
        for index in 0..<5 {
            copies.append(try database.backup(to: folder.appendingPathComponent("b\(index).db").path).mentions)
        }
        try await writing.value
        let after = try database.mentions(MentionFilter()).count
        #expect(after == before + 400)
        #expect(copies.allSatisfy { (before...after).contains($0) })
        // Whole fetches only: every copy holds the first 500 stories plus a multiple of 10.
        #expect(copies.allSatisfy { ($0 - before) % 10 == 0 })
    }
}
