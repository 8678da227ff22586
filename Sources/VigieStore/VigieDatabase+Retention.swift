import Foundation
import GRDB

extension VigieDatabase {
    /// What one ``purgeStep(before:limit:)`` deleted.
    public struct PurgeStep: Sendable, Hashable {
        /// Entries deleted (with their carrier rows).
        public var entries: Int
        /// Mentions deleted with those entries.
        public var mentions: Int
        /// Delivered outbox rows deleted.
        public var deliveries: Int

        /// A step with the given counts.
        public init(entries: Int = 0, mentions: Int = 0, deliveries: Int = 0) {
            self.entries = entries
            self.mentions = mentions
            self.deliveries = deliveries
        }

        /// Whether the step found nothing left to delete.
        public var isEmpty: Bool { entries == 0 && deliveries == 0 }
    }

    /// Deletes, in one short transaction, up to `limit` of the oldest entries whose mention time is before
    /// `cutoff` (their mentions and carrier rows go with them) and up to `limit` outbox rows delivered
    /// before it. Alerts are kept, and so are the per-quarter-hour totals of `mention_slot`: the cutoff is
    /// recorded as the store's retention horizon first, and a mention older than the horizon leaves the
    /// totals as they are, so timelines still cover the purged months.
    ///
    /// Call it repeatedly until it returns an empty step: each call holds the write lock only for its
    /// batch, so the watcher's writes go in between.
    /// - Throws: ``StoreError``.
    public func purgeStep(before cutoff: Date, limit: Int) throws -> PurgeStep {
        let cutoff = Epoch.seconds(cutoff)
        return try write("purging mentions older than the retention period") { db in
            try db.execute(
                sql: """
                    INSERT INTO retention (id, purged_before) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET purged_before = max(purged_before, excluded.purged_before)
                    """, arguments: [cutoff])
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM entry WHERE time < ? ORDER BY time LIMIT ?", arguments: [cutoff, limit])
            var step = PurgeStep(entries: ids.count)
            if !ids.isEmpty {
                let list = ids.map(String.init).joined(separator: ",")
                step.mentions =
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM mention WHERE entry_id IN (\(list))") ?? 0
                // Mentions and carrier rows follow by ON DELETE CASCADE.
                try db.execute(sql: "DELETE FROM entry WHERE id IN (\(list))")
            }
            try db.execute(
                sql: """
                    DELETE FROM outbox WHERE id IN (
                        SELECT id FROM outbox WHERE status = 'delivered' AND delivered_at < ? LIMIT ?)
                    """, arguments: [cutoff, limit])
            step.deliveries = db.changesCount
            return step
        }
    }

    /// The time before which mentions were purged (their quarter-hour totals kept), or `nil` when
    /// retention never ran on this store.
    public func retentionHorizon() throws -> Date? {
        try read("reading the retention horizon") { db in
            try Int64.fetchOne(db, sql: "SELECT purged_before FROM retention WHERE id = 1").map { Epoch.date($0) }
        }
    }

    /// Gives up to `limit` free pages back to the file system (SQLite's incremental vacuum), in one short
    /// transaction; returns how many were given back. Returns 0 on a store created before Vigie set
    /// `auto_vacuum = INCREMENTAL` on new files: there the free pages are reused by later writes, and a
    /// one-time `VACUUM` with the watcher stopped shrinks the file (docs/STORAGE.md).
    /// - Throws: ``StoreError``.
    @discardableResult
    public func reclaimFreePages(limit: Int) throws -> Int {
        try write("giving free space back to the disk") { db in
            guard try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2 else { return 0 }
            let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            guard before > 0 else { return 0 }
            try db.execute(sql: "PRAGMA incremental_vacuum(\(min(before, max(limit, 1))))")
            return before - (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0)
        }
    }

    /// Copies whatever the WAL holds into the database file without waiting for readers, so that the
    /// file shrinks once its freed pages were given back.
    public func checkpoint() throws {
        do {
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch {
            throw StoreError.wrapping(error, operation: "checkpointing the database", subject: path, database: path)
        }
    }
}
