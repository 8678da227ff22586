import Foundation
import Logging
import PostgresNIO
import VigieCore

extension PostgresStore {
    /// Writes one fetch in one transaction, with the rules of ``VigieDatabase/record(_:)`` (the same
    /// entries give the same stories, carriers and mentions), made safe for several workers at once:
    ///
    /// - the lease, when given, is checked and share-locked first: a worker whose lease expired or was
    ///   taken over writes nothing (``StoreError`` `.leaseLost`), and nobody takes a lease over while a
    ///   write under it is committing;
    /// - every key an entry could be recognised by (its key within the source, its canonical link, its
    ///   content hash, its story bands) is locked with `pg_advisory_xact_lock`, all of them in sorted order
    ///   before anything is read: two workers carrying one story from two sources take turns, and the second
    ///   finds the first's entry;
    /// - carrier counts and quarter-hour slots are updated at the end, each in sorted key order, so two
    ///   fetches never take the same rows in opposite orders; a deadlock or serialization failure that
    ///   happens anyway retries the whole fetch.
    ///
    /// The next poll is counted on the database's clock: `now()` plus what the caller's schedule added to
    /// `fetchedAt`, so that workers whose clocks disagree still poll each source on time.
    public func record(_ fetch: FetchRecord, fencedBy lease: HostLease?) async throws -> FetchSummary {
        let entries = fetch.entries.map(PreparedEntry.init)
        let locks = PreparedEntry.lockKeys(entries, sourceURL: fetch.sourceURL)
        let brands = Set(fetch.entries.flatMap { $0.mentions.map(\.brand) }).sorted()
        let logger = self.logger
        do {
            return try await transaction("recording a fetch", subject: fetch.sourceURL) { connection in
                var recorder = try await PostgresFetchRecorder(
                    connection: connection, fetch: fetch, lease: lease, locks: locks, brands: brands, logger: logger)
                for entry in entries { try await recorder.record(entry) }
                return try await recorder.finish()
            }
        } catch let error as StoreError where error.code == .leaseLost {
            logger.warning("\(error.reason)", metadata: ["source": "\(fetch.sourceURL)"])
            throw error
        }
    }
}

/// An entry of a fetch with what can be computed before the transaction: its identity and its sketch.
struct PreparedEntry: Sendable {
    let scored: ScoredEntry
    let identity: EntryIdentity?
    let fingerprint: StoryFingerprint?

    init(_ scored: ScoredEntry) {
        self.scored = scored
        self.identity = EntryIdentity(scored.entry)
        self.fingerprint = identity == nil ? nil : StoryFingerprint(title: scored.entry.title, text: scored.entry.text)
    }

    /// The advisory lock keys of a fetch's entries, sorted and unique: each key the record path looks a story
    /// up by. Two entries that could be found as one story share at least one of them.
    static func lockKeys(_ entries: [PreparedEntry], sourceURL: String) -> [Int64] {
        var keys = Set<Int64>()
        for entry in entries {
            guard let identity = entry.identity else { continue }
            keys.insert(lockKey("s", sourceURL + "\n" + identity.key))
            if let canonical = identity.canonicalLink { keys.insert(lockKey("l", canonical)) }
            if let hash = identity.contentHash, hash.identifiesAcrossSources {
                keys.insert(lockKey("h", String(hash.value)))
            }
            for band in entry.fingerprint?.bandKeys ?? [] { keys.insert(lockKey("b", String(band))) }
        }
        return keys.sorted()
    }

    private static func lockKey(_ kind: String, _ text: String) -> Int64 {
        Int64(bitPattern: FNV1a.hash((kind + ":" + text).utf8))
    }
}

/// The work of one ``PostgresStore/record(_:fencedBy:)`` attempt, inside its transaction: the port of
/// `VigieDatabase`'s recorder, each step one statement.
private struct PostgresFetchRecorder {
    let connection: PostgresConnection
    let fetch: FetchRecord
    let logger: Logger
    let sourceID: Int64
    let firstSeenSeconds: Int64
    let purgedBefore: Int64?
    let brandIDs: [String: Int64]
    var summary = FetchSummary()
    var carriedEntries: Int64 = 0
    var carriedMentions: Int64 = 0
    /// Existing entries this fetch adds a carrier to (updated at the end, in id order).
    var carriers: [Int64: Int64] = [:]
    /// Quarter hours this fetch adds mentions to (upserted at the end, in key order).
    var slots: [SlotKey: SlotCounts] = [:]

    struct SlotKey: Hashable, Comparable {
        var brandID: Int64
        var slot: Int64
        var language: String
        static func < (a: Self, b: Self) -> Bool { (a.brandID, a.slot, a.language) < (b.brandID, b.slot, b.language) }
    }

    struct SlotCounts {
        var mentions: Int64 = 0
        var negative: Int64 = 0
        var positive: Int64 = 0
        var scoreNanos: Int64 = 0
    }

    init(
        connection: PostgresConnection, fetch: FetchRecord, lease: HostLease?, locks: [Int64], brands: [String],
        logger: Logger
    ) async throws {
        self.connection = connection
        self.fetch = fetch
        self.logger = logger
        let firstSeenSeconds = Epoch.seconds(fetch.fetchedAt)
        self.firstSeenSeconds = firstSeenSeconds
        guard
            let source = try await connection.query(
                "SELECT id, host FROM source WHERE url = \(fetch.sourceURL)", logger: logger
            ).collect().first?.decode((Int64, String).self)
        else {
            throw StoreError(
                .unknownSource, operation: "recording a fetch", subject: fetch.sourceURL,
                reason: "no such source; sync the configuration's sources first")
        }
        self.sourceID = source.0
        if let lease {
            let holds = try await connection.query(
                """
                SELECT 1 FROM host_lease WHERE host = \(lease.host) AND host = \(source.1)
                AND token::text = \(lease.token) AND leased_until > now() FOR SHARE
                """, logger: logger
            ).collect()
            guard !holds.isEmpty else {
                throw StoreError(
                    .leaseLost, operation: "recording a fetch", subject: lease.host,
                    reason: "the lease of \(lease.host) held by \(lease.holder) was taken over or expired; "
                        + "nothing of the fetch of \(fetch.sourceURL) was written")
            }
        }
        // Every story key, in one order for every worker: no two fetches wait for each other in a cycle.
        if !locks.isEmpty {
            try await connection.query(
                """
                SELECT count(*) FROM (SELECT pg_advisory_xact_lock(k) AS locked
                    FROM (SELECT k FROM unnest(\(locks)::bigint[]) AS t(k) ORDER BY k) AS sorted) AS taken
                """, logger: logger)
        }
        var brandIDs: [String: Int64] = [:]
        if !brands.isEmpty {
            try await connection.query(
                """
                INSERT INTO brand (name) SELECT n FROM unnest(\(brands)::text[]) AS t(n) ORDER BY n
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
            for try await (id, name) in try await connection.query(
                "SELECT id, name FROM brand WHERE name = ANY(\(brands)::text[])", logger: logger
            ).decode((Int64, String).self) {
                brandIDs[name] = id
            }
        }
        self.brandIDs = brandIDs
        self.purgedBefore = try await connection.query(
            "SELECT purged_before FROM retention WHERE id = 1", logger: logger
        )
        .collect().first?.decode(Int64.self)
        // Band rows past the look-back are pruned a batch at a time; rows another fetch is pruning are skipped.
        try await connection.query(
            """
            DELETE FROM story_band WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM story_band WHERE first_seen_at < \(firstSeenSeconds - Self.storyLookBack)
                LIMIT 1000 FOR UPDATE SKIP LOCKED))
            """, logger: logger)
    }

    /// How long after a story was first seen a rewritten copy of it is still recognised (as in SQLite).
    static let storyLookBack: Int64 = 7 * 86_400

    mutating func record(_ prepared: PreparedEntry) async throws {
        let entry = prepared.scored.entry
        guard let identity = prepared.identity else {
            summary.emptyEntries += 1
            return
        }
        let key = identity.key

        // 1. Already known to this source under the same key.
        if try await !connection.query(
            "SELECT 1 FROM entry_source WHERE source_id = \(sourceID) AND item_key = \(key)", logger: logger
        ).collect().isEmpty {
            summary.duplicatesWithinSource += 1
            return
        }

        // 2. The same story already stored (from any source), copied or rewritten.
        if let existing = try await sameStory(identity, fingerprint: prepared.fingerprint) {
            let carried = try await !connection.query(
                "SELECT 1 FROM entry_source WHERE entry_id = \(existing) AND source_id = \(sourceID) LIMIT 1",
                logger: logger
            ).collect().isEmpty
            try await connection.query(
                """
                INSERT INTO entry_source (source_id, item_key, entry_id, carrier, first_seen_at)
                VALUES (\(sourceID), \(key), \(existing), \(!carried), \(firstSeenSeconds))
                """, logger: logger)
            if carried {
                summary.duplicatesWithinSource += 1
            } else {
                carriers[existing, default: 0] += 1
                summary.duplicatesAcrossSources += 1
                carriedEntries += 1
                carriedMentions +=
                    try await connection.query(
                        "SELECT count(*) FROM mention WHERE entry_id = \(existing)", logger: logger
                    ).collect().first?.decode(Int64.self) ?? 0
            }
            return
        }

        // 3. A new story.
        let time = VigieDatabase.mentionTime(
            published: entry.published, updated: entry.updated, firstSeen: fetch.fetchedAt)
        let timeSeconds = Epoch.seconds(time)
        if let purgedBefore, timeSeconds < purgedBefore {
            summary.expiredEntries += 1
            return
        }
        let fingerprint = prepared.fingerprint
        let recovered = fetch.recovery != nil
        guard
            let entryID = try await connection.query(
                """
                INSERT INTO entry (source_id, guid, link, canonical_link, content_hash, title, author, text, language,
                published_at, updated_at, first_seen_at, time, fingerprint, shingles, recovered)
                VALUES (\(sourceID), \(identity.guid), \(identity.link), \(identity.canonicalLink),
                \(identity.contentHash?.value), \(entry.title), \(entry.author), \(entry.text), \(entry.language),
                \(Epoch.seconds(entry.published)), \(Epoch.seconds(entry.updated)), \(firstSeenSeconds), \(timeSeconds),
                \(fingerprint.map { Data($0.encoded) }), \(fingerprint?.shingleCount), \(recovered))
                RETURNING id
                """, logger: logger
            ).collect().first?.decode(Int64.self)
        else { return }
        if let fingerprint {
            try await connection.query(
                """
                INSERT INTO story_band (band, entry_id, first_seen_at)
                SELECT b, \(entryID), \(firstSeenSeconds) FROM unnest(\(fingerprint.bandKeys)::bigint[]) AS t(b)
                """, logger: logger)
        }
        try await connection.query(
            """
            INSERT INTO entry_source (source_id, item_key, entry_id, carrier, first_seen_at)
            VALUES (\(sourceID), \(key), \(entryID), true, \(firstSeenSeconds))
            """, logger: logger)
        summary.newEntries += 1
        carriedEntries += 1

        for mention in prepared.scored.mentions {
            let sentiment = mention.sentiment
            let figures = [sentiment.score, sentiment.positive, sentiment.negative, sentiment.neutral]
            guard figures.allSatisfy(\.isFinite) else {
                throw StoreError(
                    .invalidValue, operation: "recording a fetch",
                    subject: identity.link ?? identity.guid ?? entry.title,
                    reason:
                        "the sentiment of brand \(mention.brand) is not a finite number (\(figures)); nothing of this fetch was stored"
                )
            }
            guard let brandID = brandIDs[mention.brand] else { continue }
            let inserted = try await connection.query(
                """
                INSERT INTO mention (entry_id, brand_id, time, language, score, label, positive, negative,
                neutral, matched_terms, top_terms) VALUES (\(entryID), \(brandID), \(timeSeconds),
                \(sentiment.language.rawValue), \(sentiment.score), \(sentiment.label.rawValue), \(sentiment.positive),
                \(sentiment.negative), \(sentiment.neutral), \(TermList.encode(mention.matchedTerms)),
                \(TermList.encode(mention.topTerms)))
                ON CONFLICT (entry_id, brand_id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect().first?.decode(Int64.self)
            guard let inserted else { continue }
            summary.mentionIDs.append(inserted)
            carriedMentions += 1
            let slot = SlotKey(
                brandID: brandID, slot: timeSeconds.floorDivided(by: 900), language: sentiment.language.rawValue)
            slots[slot, default: SlotCounts()].mentions += 1
            slots[slot, default: SlotCounts()].negative += sentiment.label == .negative ? 1 : 0
            slots[slot, default: SlotCounts()].positive += sentiment.label == .positive ? 1 : 0
            slots[slot, default: SlotCounts()].scoreNanos += Int64((sentiment.score * 1e9).rounded())
        }
    }

    /// A stored entry that is the same story (see `VigieDatabase`'s recorder): the same canonical link, the
    /// same folded text, or a rewritten copy first seen within the look-back, unless this source already has
    /// it under another guid.
    private func sameStory(_ identity: EntryIdentity, fingerprint: StoryFingerprint?) async throws -> Int64? {
        var candidates: [Int64] = []
        if let canonical = identity.canonicalLink {
            for try await id in try await connection.query(
                "SELECT id FROM entry WHERE canonical_link = \(canonical) ORDER BY id LIMIT 16", logger: logger
            ).decode(Int64.self) {
                candidates.append(id)
            }
        }
        if let hash = identity.contentHash, hash.identifiesAcrossSources {
            for try await id in try await connection.query(
                "SELECT id FROM entry WHERE content_hash = \(hash.value) ORDER BY id LIMIT 16", logger: logger
            ).decode(Int64.self) {
                candidates.append(id)
            }
        }
        if let fingerprint { candidates += try await rewrittenCopies(of: fingerprint) }
        guard identity.key.hasPrefix("g:") else { return candidates.first }
        for candidate in candidates {
            let otherGuid = try await !connection.query(
                """
                SELECT 1 FROM entry_source WHERE entry_id = \(candidate) AND source_id = \(sourceID)
                AND left(item_key, 2) = 'g:' LIMIT 1
                """, logger: logger
            ).collect().isEmpty
            if !otherGuid { return candidate }
        }
        return nil
    }

    private func rewrittenCopies(of fingerprint: StoryFingerprint) async throws -> [Int64] {
        let since = firstSeenSeconds - Self.storyLookBack
        var copies: [(id: Int64, containment: Double)] = []
        for try await (id, bytes, shingles) in try await connection.query(
            """
            SELECT e.id, e.fingerprint, e.shingles FROM entry e JOIN (
                SELECT entry_id, count(*) AS shared FROM story_band
                WHERE band = ANY(\(fingerprint.bandKeys)::bigint[]) AND first_seen_at >= \(since)
                GROUP BY entry_id ORDER BY shared DESC, entry_id LIMIT \(StoryFingerprint.candidateLimit)
            ) c ON c.entry_id = e.id
            """, logger: logger
        ).decode((Int64, Data?, Int?).self) {
            guard let bytes, let shingles,
                let stored = StoryFingerprint(encoded: [UInt8](bytes), shingleCount: shingles)
            else { continue }
            let containment = fingerprint.containment(with: stored)
            if containment >= StoryFingerprint.sameStoryContainment { copies.append((id, containment)) }
        }
        return copies.sorted { $0.containment > $1.containment }.map(\.id)
    }

    /// The writes every fetch ends with, each in a fixed order: carriers by entry id, slots by key, then the
    /// source's state and counters, and a page's passages.
    func finish() async throws -> FetchSummary {
        let carried = carriers.keys.sorted()
        if !carried.isEmpty {
            try await connection.query(
                "SELECT id FROM entry WHERE id = ANY(\(carried)::bigint[]) ORDER BY id FOR UPDATE", logger: logger)
            try await connection.query(
                """
                UPDATE entry SET carriers = carriers + d.n
                FROM unnest(\(carried)::bigint[], \(carried.map { carriers[$0]! })::bigint[]) AS d(id, n)
                WHERE entry.id = d.id
                """, logger: logger)
        }
        let keys = slots.keys.sorted()
        if !keys.isEmpty {
            let counts = keys.map { slots[$0]! }
            try await connection.query(
                """
                INSERT INTO mention_slot (brand_id, slot, language, mentions, negative, positive, score_nanos)
                SELECT * FROM unnest(\(keys.map(\.brandID))::bigint[], \(keys.map(\.slot))::bigint[],
                    \(keys.map(\.language))::text[], \(counts.map(\.mentions))::bigint[],
                    \(counts.map(\.negative))::bigint[], \(counts.map(\.positive))::bigint[],
                    \(counts.map(\.scoreNanos))::bigint[]) AS d(brand_id, slot, language, mentions, negative, positive, score_nanos)
                ORDER BY brand_id, slot, language
                ON CONFLICT (brand_id, slot, language) DO UPDATE SET
                    mentions = mention_slot.mentions + excluded.mentions,
                    negative = mention_slot.negative + excluded.negative,
                    positive = mention_slot.positive + excluded.positive,
                    score_nanos = mention_slot.score_nanos + excluded.score_nanos
                """, logger: logger)
        }
        try await updateFetchState()
        if let passages = fetch.passages, case .fetched = fetch.outcome {
            try await connection.query("DELETE FROM page_passage WHERE source_id = \(sourceID)", logger: logger)
            // An empty page still has a version (one empty passage): its next fetch is not its first.
            let texts = passages.isEmpty ? [""] : passages
            for (position, text) in texts.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO page_passage (source_id, position, words)
                    VALUES (\(sourceID), \(position), \(PageVersion.encode(PageVersion.words(text))))
                    """, logger: logger)
            }
        }
        return summary
    }

    private func updateFetchState() async throws {
        let at = firstSeenSeconds
        // The next poll on the database's clock: what the schedule added to the fetch time, from now().
        let delay = Epoch.seconds(fetch.nextPollAt) - at
        let failures = fetch.consecutiveFailures
        switch fetch.outcome {
        case .fetched(let status):
            try await connection.query(
                """
                UPDATE source SET last_fetch_at = \(at), last_success_at = \(at), last_status = \(status),
                last_error = NULL, consecutive_failures = \(failures), fetched_count = fetched_count + 1,
                next_poll_at = floor(extract(epoch FROM now()))::bigint + \(delay),
                etag = \(fetch.etag), last_modified = \(fetch.lastModified),
                recovered_line = \(fetch.recovery?.line), recovered_error = \(fetch.recovery?.message),
                entries_count = entries_count + \(carriedEntries), mentions_count = mentions_count + \(carriedMentions)
                WHERE id = \(sourceID)
                """, logger: logger)
        case .notModified:
            try await connection.query(
                """
                UPDATE source SET last_fetch_at = \(at), last_success_at = \(at), last_status = 304, last_error = NULL,
                consecutive_failures = \(failures), not_modified_count = not_modified_count + 1,
                next_poll_at = floor(extract(epoch FROM now()))::bigint + \(delay),
                etag = coalesce(\(fetch.etag), etag), last_modified = coalesce(\(fetch.lastModified), last_modified),
                entries_count = entries_count + \(carriedEntries), mentions_count = mentions_count + \(carriedMentions)
                WHERE id = \(sourceID)
                """, logger: logger)
        case .failed(let status, let error):
            try await connection.query(
                """
                UPDATE source SET last_fetch_at = \(at), last_status = \(status), last_error = \(error),
                consecutive_failures = \(failures), failed_count = failed_count + 1,
                next_poll_at = floor(extract(epoch FROM now()))::bigint + \(delay),
                entries_count = entries_count + \(carriedEntries), mentions_count = mentions_count + \(carriedMentions)
                WHERE id = \(sourceID)
                """, logger: logger)
        }
    }
}
