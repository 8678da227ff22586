import Foundation
import GRDB
import VigieCore

extension VigieDatabase {
    /// How far ahead of the first-seen time an entry's date may be before it is
    /// taken for a wrong clock and replaced by the first-seen time.
    public static let futureDateTolerance: TimeInterval = 300

    /// The time a mention is counted at: the entry's published date, else its
    /// updated date, else — or when that date is more than
    /// ``futureDateTolerance`` after `firstSeen` — the first-seen time.
    public static func mentionTime(published: Date?, updated: Date?, firstSeen: Date) -> Date {
        guard let date = published ?? updated, date.timeIntervalSince(firstSeen) <= futureDateTolerance else {
            return firstSeen
        }
        return date
    }

    /// Writes one fetch — the source's new fetch state, its new entries and
    /// their mentions — in a single transaction, and says what was new.
    ///
    /// Deduplication (see `docs/STORAGE.md`):
    /// - within the source, an entry is known by its guid, else its canonical
    ///   link, else the hash of its normalised title and text;
    /// - across sources, an entry with the same canonical link, the same
    ///   normalised title and text, or a rewritten copy of the text
    ///   (``StoryFingerprint``: own headline and boilerplate, cut body) of a
    ///   stored one is the same story: the source is remembered as a carrier
    ///   and nothing else is stored (two entries of one source with different
    ///   guids stay two entries).
    ///
    /// Recording the same fetch twice (a restart after a crash) stores nothing
    /// the second time: the call is idempotent apart from the fetch state.
    ///
    /// - Throws: ``StoreError`` (`.unknownSource` when the URL was never synced);
    ///   on any error nothing of the fetch is written.
    @discardableResult
    public func record(_ fetch: FetchRecord) throws -> FetchSummary {
        try record(fetch, fencedBy: nil)
    }

    /// ``record(_:)`` when `lease` still holds at `fetch.fetchedAt` (see ``WatchStore/record(_:fencedBy:)``);
    /// `nil` writes unconditionally (the single watcher of a file).
    ///
    /// - Throws: ``StoreError`` `.leaseLost` when the lease was taken over or expired: nothing is written.
    @discardableResult
    public func record(_ fetch: FetchRecord, fencedBy lease: HostLease?) throws -> FetchSummary {
        try write("recording a fetch", subject: fetch.sourceURL) { db in
            guard
                let sourceID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM source WHERE url = ?"), arguments: [fetch.sourceURL])
            else {
                throw StoreError(
                    .unknownSource, operation: "recording a fetch", subject: fetch.sourceURL,
                    reason: "no such source; sync the configuration's sources first")
            }
            if let lease { try Self.checkLease(db, lease, sourceID: sourceID, at: fetch.fetchedAt) }
            var recorder = try FetchRecorder(
                db: db, sourceID: sourceID, firstSeen: fetch.fetchedAt, recovered: fetch.recovery != nil)
            for scored in fetch.entries {
                try recorder.record(scored)
            }
            try Self.updateFetchState(db, sourceID: sourceID, fetch: fetch, recorder: recorder)
            if let passages = fetch.passages, case .fetched = fetch.outcome {
                try Self.replacePassages(db, sourceID: sourceID, texts: passages)
            }
            return recorder.summary
        }
    }

    /// The positions in `entries` of those the source has not given before:
    /// the watcher can match and score only these (an entry already stored is
    /// a duplicate whatever its mentions). Entries with nothing to identify
    /// them are left out. Positions come in order.
    ///
    /// - Throws: ``StoreError`` (`.unknownSource` when the URL was never synced).
    public func unseenEntries(_ entries: [FeedEntry], sourceURL: String) throws -> [Int] {
        try read("looking up known entries", subject: sourceURL) { db in
            guard
                let sourceID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM source WHERE url = ?"), arguments: [sourceURL])
            else {
                throw StoreError(
                    .unknownSource, operation: "looking up known entries", subject: sourceURL,
                    reason: "no such source; sync the configuration's sources first")
            }
            let lookup = try db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM entry_source WHERE source_id = ? AND item_key = ?)")
            var keys = Set<String>()
            var unseen: [Int] = []
            for (index, entry) in entries.enumerated() {
                guard let key = EntryIdentity.key(entry), keys.insert(key).inserted else { continue }
                if try Bool.fetchOne(lookup, arguments: [sourceID, key]) != true { unseen.append(index) }
            }
            return unseen
        }
    }

    private static func updateFetchState(_ db: Database, sourceID: Int64, fetch: FetchRecord, recorder: FetchRecorder)
        throws
    {
        let at = Epoch.seconds(fetch.fetchedAt)
        let next = Epoch.seconds(fetch.nextPollAt)
        let counts: [any DatabaseValueConvertible] = [recorder.carriedEntries, recorder.carriedMentions]
        switch fetch.outcome {
        case .fetched(let status):
            try db.cachedStatement(
                sql: """
                    UPDATE source SET last_fetch_at = ?, last_success_at = ?, last_status = ?, last_error = NULL,
                    consecutive_failures = ?, next_poll_at = ?, etag = ?, last_modified = ?,
                    recovered_line = ?, recovered_error = ?,
                    entries_count = entries_count + ?, mentions_count = mentions_count + ? WHERE id = ?
                    """
            ).execute(
                arguments: StatementArguments(
                    [
                        at, at, status, fetch.consecutiveFailures, next, fetch.etag, fetch.lastModified,
                        fetch.recovery?.line, fetch.recovery?.message,
                    ] + counts + [sourceID]))
        case .notModified:
            try db.cachedStatement(
                sql: """
                    UPDATE source SET last_fetch_at = ?, last_success_at = ?, last_status = 304, last_error = NULL,
                    consecutive_failures = ?, next_poll_at = ?, etag = coalesce(?, etag),
                    last_modified = coalesce(?, last_modified),
                    entries_count = entries_count + ?, mentions_count = mentions_count + ? WHERE id = ?
                    """
            ).execute(
                arguments: StatementArguments(
                    [at, at, fetch.consecutiveFailures, next, fetch.etag, fetch.lastModified] + counts + [sourceID]))
        case .failed(let status, let error):
            try db.cachedStatement(
                sql: """
                    UPDATE source SET last_fetch_at = ?, last_status = ?, last_error = ?,
                    consecutive_failures = ?, next_poll_at = ?,
                    entries_count = entries_count + ?, mentions_count = mentions_count + ? WHERE id = ?
                    """
            ).execute(
                arguments: StatementArguments(
                    [at, status, error, fetch.consecutiveFailures, next] + counts + [sourceID]))
        }
    }
}

/// The work of one ``VigieDatabase/record(_:)`` call, inside its transaction.
private struct FetchRecorder {
    let db: Database
    let sourceID: Int64
    let firstSeen: Date
    let firstSeenSeconds: Int64
    /// Whether the entries come from a document the parser had to recover (flagged in `entry.recovered`).
    let recovered: Bool
    var summary = FetchSummary()
    /// Entries this source carries for the first time, and their mentions (for the source's counters).
    var carriedEntries: Int64 = 0
    var carriedMentions: Int64 = 0
    var brandIDs: [String: Int64] = [:]
    /// The retention horizon: new entries older than it were purged, or would be at once.
    let purgedBefore: Int64?

    init(db: Database, sourceID: Int64, firstSeen: Date, recovered: Bool) throws {
        self.recovered = recovered
        self.db = db
        self.purgedBefore = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT purged_before FROM retention WHERE id = 1"))
        self.sourceID = sourceID
        self.firstSeen = firstSeen
        self.firstSeenSeconds = Epoch.seconds(firstSeen)
    }

    mutating func record(_ scored: ScoredEntry) throws {
        let entry = scored.entry
        guard let identity = EntryIdentity(entry) else {
            summary.emptyEntries += 1
            return
        }
        let (guid, link, canonical, hash, key) = (
            identity.guid, identity.link, identity.canonicalLink, identity.contentHash, identity.key
        )

        // 1. Already known to this source under the same key.
        if try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT entry_id FROM entry_source WHERE source_id = ? AND item_key = ?"),
            arguments: [sourceID, key]) != nil
        {
            summary.duplicatesWithinSource += 1
            return
        }

        // 2. The same story already stored (from any source), copied or rewritten.
        let fingerprint = StoryFingerprint(title: entry.title, text: entry.text)
        if let existing = try sameStory(canonical: canonical, hash: hash, fingerprint: fingerprint, key: key) {
            let carried =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT EXISTS (SELECT 1 FROM entry_source WHERE entry_id = ? AND source_id = ?)"),
                    arguments: [existing, sourceID]) ?? false
            try db.cachedStatement(
                sql:
                    "INSERT INTO entry_source (source_id, item_key, entry_id, carrier, first_seen_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [sourceID, key, existing, !carried, firstSeenSeconds])
            if carried {
                summary.duplicatesWithinSource += 1
            } else {
                try db.cachedStatement(sql: "UPDATE entry SET carriers = carriers + 1 WHERE id = ?").execute(
                    arguments: [existing])
                summary.duplicatesAcrossSources += 1
                carriedEntries += 1
                carriedMentions +=
                    try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT count(*) FROM mention WHERE entry_id = ?"),
                        arguments: [existing]) ?? 0
            }
            return
        }

        // 3. A new story.
        let time = VigieDatabase.mentionTime(published: entry.published, updated: entry.updated, firstSeen: firstSeen)
        let timeSeconds = Epoch.seconds(time)
        if let purgedBefore, timeSeconds < purgedBefore {
            summary.expiredEntries += 1
            return
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO entry (source_id, guid, link, canonical_link, content_hash, title, author, text, language,
                published_at, updated_at, first_seen_at, time, fingerprint, shingles, recovered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                sourceID, guid, link, canonical, hash?.value, entry.title, entry.author, entry.text, entry.language,
                Epoch.seconds(entry.published), Epoch.seconds(entry.updated), firstSeenSeconds, timeSeconds,
                fingerprint.map { Data($0.encoded) }, fingerprint?.shingleCount, recovered,
            ])
        let entryID = db.lastInsertedRowID
        if let fingerprint {
            let insertBand = try db.cachedStatement(
                sql: "INSERT INTO story_band (band, entry_id, first_seen_at) VALUES (?, ?, ?)")
            for band in fingerprint.bandKeys {
                try insertBand.execute(arguments: [band, entryID, firstSeenSeconds])
            }
        }
        try db.cachedStatement(
            sql:
                "INSERT INTO entry_source (source_id, item_key, entry_id, carrier, first_seen_at) VALUES (?, ?, ?, 1, ?)"
        ).execute(arguments: [sourceID, key, entryID, firstSeenSeconds])
        summary.newEntries += 1
        carriedEntries += 1

        let insertMention = try db.cachedStatement(
            sql: """
                INSERT INTO mention (entry_id, brand_id, time, language, score, label, positive, negative,
                neutral, matched_terms, top_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entry_id, brand_id) DO NOTHING
                """)
        for mention in scored.mentions {
            let sentiment = mention.sentiment
            let figures = [sentiment.score, sentiment.positive, sentiment.negative, sentiment.neutral]
            guard figures.allSatisfy(\.isFinite) else {
                throw StoreError(
                    .invalidValue, operation: "recording a fetch", subject: link ?? guid ?? entry.title,
                    reason:
                        "the sentiment of brand \(mention.brand) is not a finite number (\(figures)); nothing of this fetch was stored"
                )
            }
            try insertMention.execute(
                arguments: [
                    entryID, try brandID(mention.brand), timeSeconds, sentiment.language.rawValue, sentiment.score,
                    sentiment.label.rawValue, sentiment.positive, sentiment.negative, sentiment.neutral,
                    TermList.encode(mention.matchedTerms), TermList.encode(mention.topTerms),
                ])
            if db.changesCount > 0 {
                summary.mentionIDs.append(db.lastInsertedRowID)
                carriedMentions += 1
            }
        }
    }

    /// A stored entry that is the same story — the same canonical link, the
    /// same folded text, or a rewritten copy first seen within
    /// ``storyLookBack`` (``StoryFingerprint``) — unless this source already has
    /// it under another guid (then the two are distinct items of one feed that
    /// happen to share a link, such as a home page, or a text).
    private func sameStory(canonical: String?, hash: ContentHash?, fingerprint: StoryFingerprint?, key: String)
        throws -> Int64?
    {
        var candidates: [Int64] = []
        if let canonical {
            candidates += try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM entry WHERE canonical_link = ? ORDER BY id LIMIT 16"),
                arguments: [canonical])
        }
        if let hash, hash.identifiesAcrossSources {
            candidates += try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM entry WHERE content_hash = ? ORDER BY id LIMIT 16"),
                arguments: [hash.value])
        }
        if let fingerprint { candidates += try rewrittenCopies(of: fingerprint) }
        guard key.hasPrefix("g:") else { return candidates.first }
        for candidate in candidates {
            let otherGuid =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql:
                            "SELECT EXISTS (SELECT 1 FROM entry_source WHERE entry_id = ? AND source_id = ? AND substr(item_key, 1, 2) = 'g:')"
                    ),
                    arguments: [candidate, sourceID]) ?? false
            if !otherGuid { return candidate }
        }
        return nil
    }

    /// How long after a story was first seen a rewritten copy of it is still recognised.
    static let storyLookBack: Int64 = 7 * 86_400

    /// Stories first seen within ``storyLookBack`` whose sketch says `fingerprint`
    /// is a copy of them, the closest first. Band rows past the look-back are pruned here.
    ///
    /// The sketches compared are those of the ``StoryFingerprint/candidateLimit`` stories that share the
    /// most bands with this one: a site's boilerplate line puts many of its stories in a few common bands,
    /// and a real copy, which shares many, must not be crowded out by them.
    private func rewrittenCopies(of fingerprint: StoryFingerprint) throws -> [Int64] {
        let since = firstSeenSeconds - Self.storyLookBack
        try db.cachedStatement(sql: "DELETE FROM story_band WHERE first_seen_at < ?").execute(arguments: [since])
        let keys = fingerprint.bandKeys
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT e.id, e.fingerprint, e.shingles FROM entry e JOIN (
                        SELECT entry_id, count(*) AS shared FROM story_band
                        WHERE band IN (\(placeholders)) AND first_seen_at >= ?
                        GROUP BY entry_id ORDER BY shared DESC, entry_id LIMIT ?
                    ) c ON c.entry_id = e.id
                    """),
            arguments: StatementArguments(keys + [since, StoryFingerprint.candidateLimit]))
        var copies: [(id: Int64, containment: Double)] = []
        for row in rows {
            let bytes: Data? = row[1]
            let shingles: Int? = row[2]
            guard let bytes, let shingles,
                let stored = StoryFingerprint(encoded: [UInt8](bytes), shingleCount: shingles)
            else { continue }
            let containment = fingerprint.containment(with: stored)
            if containment >= StoryFingerprint.sameStoryContainment { copies.append((row[0], containment)) }
        }
        return copies.sorted { $0.containment > $1.containment }.map(\.id)
    }

    private mutating func brandID(_ name: String) throws -> Int64 {
        if let id = brandIDs[name] { return id }
        try db.cachedStatement(sql: "INSERT INTO brand (name) VALUES (?) ON CONFLICT (name) DO NOTHING").execute(
            arguments: [name])
        let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM brand WHERE name = ?"), arguments: [name])!
        brandIDs[name] = id
        return id
    }
}
