import GRDB

extension VigieDatabase {
    /// The schema, as named migrations. Append-only: a released migration is
    /// never edited; a change is a new migration registered after the others.
    ///
    /// Times are integer seconds since 1970-01-01 UTC (`*_at` columns and
    /// `mention.time`), so that buckets are integer divisions on an index.
    /// See `docs/STORAGE.md` for the rules behind each table.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1-sources-entries-mentions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL UNIQUE CHECK (url <> ''),
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL DEFAULT 'auto',
                        retired INTEGER NOT NULL DEFAULT 0,
                        added_at INTEGER NOT NULL,
                        last_fetch_at INTEGER,
                        last_success_at INTEGER,
                        last_status INTEGER,
                        last_error TEXT,
                        consecutive_failures INTEGER NOT NULL DEFAULT 0,
                        next_poll_at INTEGER,
                        etag TEXT,
                        last_modified TEXT,
                        entries_count INTEGER NOT NULL DEFAULT 0,
                        mentions_count INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX source_next_poll ON source(retired, next_poll_at);

                    -- One row per story, whichever sources carried it.
                    CREATE TABLE entry (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id),
                        guid TEXT,
                        link TEXT,
                        canonical_link TEXT,
                        content_hash INTEGER,
                        title TEXT,
                        author TEXT,
                        text TEXT NOT NULL,
                        language TEXT,
                        published_at INTEGER,
                        updated_at INTEGER,
                        first_seen_at INTEGER NOT NULL,
                        time INTEGER NOT NULL
                    );
                    CREATE INDEX entry_canonical_link ON entry(canonical_link) WHERE canonical_link IS NOT NULL;
                    CREATE INDEX entry_content_hash ON entry(content_hash) WHERE content_hash IS NOT NULL;

                    -- Which source carried which entry, under which per-source key
                    -- ('g:' guid, 'l:' link, 'h:' content hash). A source may know one
                    -- entry under several keys (aliases); `carrier` marks the first.
                    CREATE TABLE entry_source (
                        source_id INTEGER NOT NULL REFERENCES source(id),
                        item_key TEXT NOT NULL,
                        entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
                        carrier INTEGER NOT NULL DEFAULT 1,
                        first_seen_at INTEGER NOT NULL,
                        PRIMARY KEY (source_id, item_key)
                    ) WITHOUT ROWID;
                    CREATE INDEX entry_source_entry ON entry_source(entry_id, source_id);

                    CREATE TABLE brand (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE
                    );

                    -- One row per (entry, brand). `time` is the entry's mention time,
                    -- copied here so that (brand, time) lookups need no join.
                    CREATE TABLE mention (
                        id INTEGER PRIMARY KEY,
                        entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
                        brand_id INTEGER NOT NULL REFERENCES brand(id),
                        time INTEGER NOT NULL,
                        language TEXT NOT NULL,
                        score REAL NOT NULL,
                        label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
                        positive REAL NOT NULL,
                        negative REAL NOT NULL,
                        neutral REAL NOT NULL,
                        matched_terms TEXT NOT NULL,
                        top_terms TEXT NOT NULL,
                        UNIQUE (entry_id, brand_id)
                    );
                    -- Timelines and the spike detector: per brand, in time order, label at hand.
                    CREATE INDEX mention_brand_time ON mention(brand_id, time, label, score);
                    -- Listings and exports across brands.
                    CREATE INDEX mention_time ON mention(time);
                    """)
        }

        migrator.registerMigration("v1-alerts-outbox") { db in
            try db.execute(
                sql: """
                    -- One row per raised alert; `key` (brand, kind, bucket) makes raising idempotent.
                    CREATE TABLE alert (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        brand TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        bucket_start INTEGER NOT NULL,
                        bucket_seconds INTEGER NOT NULL,
                        raised_at INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        negative_count INTEGER NOT NULL,
                        baseline REAL NOT NULL,
                        share REAL NOT NULL,
                        explanation TEXT NOT NULL
                    );
                    CREATE INDEX alert_brand_bucket ON alert(brand, bucket_start);
                    CREATE INDEX alert_raised ON alert(raised_at);

                    -- One row per (alert, sink): delivered at least once, or kept as failed.
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        alert_id INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
                        sink TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL UNIQUE,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'delivered', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        last_attempt_at INTEGER,
                        last_error TEXT,
                        delivered_at INTEGER,
                        UNIQUE (alert_id, sink)
                    );
                    CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                    """)
        }

        migrator.registerMigration("v2-mention-slots") { db in
            let (slot, nanos, add, remove) = (SlotSQL.slot, SlotSQL.nanos, SlotSQL.add, SlotSQL.remove)
            try db.execute(
                sql: """
                    -- Mentions per brand, quarter hour and language, kept by the triggers below
                    -- in the transaction that writes the mentions: timelines read this, not
                    -- the mentions (a year of 5 million mentions is a few hundred thousand rows).
                    CREATE TABLE mention_slot (
                        brand_id INTEGER NOT NULL,
                        slot INTEGER NOT NULL,
                        language TEXT NOT NULL,
                        mentions INTEGER NOT NULL,
                        negative INTEGER NOT NULL,
                        positive INTEGER NOT NULL,
                        score_nanos INTEGER NOT NULL,
                        PRIMARY KEY (brand_id, slot, language)
                    ) WITHOUT ROWID;

                    INSERT INTO mention_slot (brand_id, slot, language, mentions, negative, positive, score_nanos)
                    SELECT m.brand_id, \(slot("m")), m.language, count(*), sum(m.label = 'negative'),
                           sum(m.label = 'positive'), sum(\(nanos("m")))
                    FROM mention m GROUP BY 1, 2, 3;

                    CREATE TRIGGER mention_slot_insert AFTER INSERT ON mention BEGIN
                        \(add("NEW"))
                    END;
                    CREATE TRIGGER mention_slot_delete AFTER DELETE ON mention BEGIN
                        \(remove("OLD"))
                    END;
                    CREATE TRIGGER mention_slot_update AFTER UPDATE OF brand_id, time, language, label, score ON mention
                    BEGIN
                        \(remove("OLD"))
                        \(add("NEW"))
                    END;
                    """)
        }

        migrator.registerMigration("v3-story-fingerprints") { db in
            try db.execute(
                sql: """
                    -- A story's MinHash sketch (StoryFingerprint), to recognise a rewritten copy
                    -- carried by another source; NULL for a text too short to compare.
                    ALTER TABLE entry ADD COLUMN fingerprint BLOB;
                    ALTER TABLE entry ADD COLUMN shingles INTEGER;

                    -- How many sources carried the story (`vigie mentions` shows it once, with this count).
                    ALTER TABLE entry ADD COLUMN carriers INTEGER NOT NULL DEFAULT 1;
                    UPDATE entry SET carriers = max(1, (
                        SELECT count(DISTINCT source_id) FROM entry_source WHERE entry_id = entry.id AND carrier = 1));

                    -- The sketch's band keys of the stories first seen lately: the candidates a
                    -- new entry is compared with. Rows older than the look-back are pruned.
                    CREATE TABLE story_band (
                        band INTEGER NOT NULL,
                        entry_id INTEGER NOT NULL,
                        first_seen_at INTEGER NOT NULL
                    );
                    CREATE INDEX story_band_key ON story_band(band);
                    CREATE INDEX story_band_age ON story_band(first_seen_at);
                    """)
        }

        migrator.registerMigration("v4-retention") { db in
            try db.execute(
                sql: """
                    -- Retention (`retention:` in vigie.yaml) deletes entries older than a horizon. Their
                    -- mentions leave mention_slot as it is: the quarter hours before `purged_before`
                    -- are the history timelines keep once the mentions are gone.
                    CREATE TABLE retention (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        purged_before INTEGER NOT NULL
                    );
                    -- The purge finds the oldest entries by time.
                    CREATE INDEX entry_time ON entry(time);
                    -- Outbox rows delivered long ago are purged too.
                    CREATE INDEX outbox_delivered ON outbox(delivered_at) WHERE status = 'delivered';

                    DROP TRIGGER mention_slot_delete;
                    CREATE TRIGGER mention_slot_delete AFTER DELETE ON mention
                    WHEN OLD.time >= coalesce((SELECT purged_before FROM retention WHERE id = 1), -9223372036854775808)
                    BEGIN
                        \(SlotSQL.remove("OLD"))
                    END;
                    """)
        }

        migrator.registerMigration("v5-recovered-documents") { db in
            try db.execute(
                sql: """
                    -- The first error the parser recovered from in the source's last document (NULL when it
                    -- was well-formed), and whether an entry was read from such a document.
                    ALTER TABLE source ADD COLUMN recovered_line INTEGER;
                    ALTER TABLE source ADD COLUMN recovered_error TEXT;
                    ALTER TABLE entry ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;
                    """)
        }

        migrator.registerMigration("v6-serve-triage") { db in
            try db.execute(
                sql: """
                    -- A label set by hand (`vigie serve`) replaces `label` itself, so that timelines (the
                    -- mention_slot triggers), exports and the detector's catch-up all follow it; the scorer's
                    -- label is kept here meanwhile. NULL: `label` is the scorer's.
                    ALTER TABLE mention ADD COLUMN scorer_label TEXT
                        CHECK (scorer_label IN ('negative', 'neutral', 'positive'));
                    -- Triage: whether a user read the mention in the dashboard.
                    ALTER TABLE mention ADD COLUMN read INTEGER NOT NULL DEFAULT 0;
                    -- The unread counter and the unread-only feed: per brand, newest first.
                    CREATE INDEX mention_unread ON mention(brand_id, time) WHERE read = 0;

                    -- Fetches by outcome since the database was made (`vigie_fetches_total` in /metrics,
                    -- whichever process fetched), counted by the trigger below as each fetch is recorded.
                    CREATE TABLE fetch_count (
                        outcome TEXT PRIMARY KEY CHECK (outcome IN ('fetched', 'not_modified', 'failed')),
                        count INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TRIGGER fetch_count_record AFTER UPDATE OF last_fetch_at ON source
                    WHEN NEW.last_fetch_at IS NOT NULL BEGIN
                        INSERT INTO fetch_count (outcome, count) VALUES (
                            CASE WHEN NEW.last_error IS NOT NULL THEN 'failed'
                                 WHEN NEW.last_status = 304 THEN 'not_modified' ELSE 'fetched' END, 1)
                        ON CONFLICT (outcome) DO UPDATE SET count = count + 1;
                    END;
                    """)
        }

        migrator.registerMigration("v7-page-passages") { db in
            try db.execute(
                sql: """
                    -- The passages of the last version of each page watched without selectors (its items and
                    -- the blocks of its main text), as folded word hashes: a fetch's passages that none of
                    -- these holds, give or take a small edit, are its new entries (PageVersion).
                    CREATE TABLE page_passage (
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        words BLOB NOT NULL,
                        PRIMARY KEY (source_id, position)
                    ) WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("v8-mention-days") { db in
            let day = "((NEW.slot - ((NEW.slot % 96) + 96) % 96) / 96)"
            let oldDay = "((OLD.slot - ((OLD.slot % 96) + 96) % 96) / 96)"
            try db.execute(
                sql: """
                    -- mention_slot summed per UTC day (96 quarter hours, floor division), kept by triggers on
                    -- mention_slot itself, so that it follows the slots exactly (retention included): a
                    -- count or a daily timeline over a year reads 365 rows per brand instead of 35,040, and
                    -- the slots only at the edges of its buckets (VigieDatabase+Timeline.swift).
                    CREATE TABLE mention_day (
                        brand_id INTEGER NOT NULL,
                        day INTEGER NOT NULL,
                        language TEXT NOT NULL,
                        mentions INTEGER NOT NULL,
                        negative INTEGER NOT NULL,
                        positive INTEGER NOT NULL,
                        score_nanos INTEGER NOT NULL,
                        PRIMARY KEY (brand_id, day, language)
                    ) WITHOUT ROWID;

                    INSERT INTO mention_day (brand_id, day, language, mentions, negative, positive, score_nanos)
                    SELECT brand_id, (slot - ((slot % 96) + 96) % 96) / 96, language, sum(mentions), sum(negative),
                           sum(positive), sum(score_nanos)
                    FROM mention_slot GROUP BY 1, 2, 3;

                    CREATE TRIGGER mention_day_insert AFTER INSERT ON mention_slot BEGIN
                        INSERT INTO mention_day (brand_id, day, language, mentions, negative, positive, score_nanos)
                        VALUES (NEW.brand_id, \(day), NEW.language, NEW.mentions, NEW.negative, NEW.positive,
                                NEW.score_nanos)
                        ON CONFLICT (brand_id, day, language) DO UPDATE SET
                            mentions = mentions + excluded.mentions, negative = negative + excluded.negative,
                            positive = positive + excluded.positive, score_nanos = score_nanos + excluded.score_nanos;
                    END;
                    -- A slot's key never changes (the mention triggers update its counts or delete it).
                    CREATE TRIGGER mention_day_update AFTER UPDATE ON mention_slot BEGIN
                        UPDATE mention_day SET
                            mentions = mentions + NEW.mentions - OLD.mentions,
                            negative = negative + NEW.negative - OLD.negative,
                            positive = positive + NEW.positive - OLD.positive,
                            score_nanos = score_nanos + NEW.score_nanos - OLD.score_nanos
                        WHERE brand_id = NEW.brand_id AND day = \(day) AND language = NEW.language;
                    END;
                    -- A slot is deleted once its count reaches 0; so is a day.
                    CREATE TRIGGER mention_day_delete AFTER DELETE ON mention_slot BEGIN
                        UPDATE mention_day SET
                            mentions = mentions - OLD.mentions, negative = negative - OLD.negative,
                            positive = positive - OLD.positive, score_nanos = score_nanos - OLD.score_nanos
                        WHERE brand_id = OLD.brand_id AND day = \(oldDay) AND language = OLD.language;
                        DELETE FROM mention_day
                        WHERE brand_id = OLD.brand_id AND day = \(oldDay) AND language = OLD.language
                            AND mentions <= 0;
                    END;
                    """)
        }

        migrator.registerMigration("v9-unread-counts") { db in
            try db.execute(
                sql: """
                    -- Unread mentions per brand, kept by the triggers below: the dashboard shows a counter per
                    -- brand on every page, and counting millions of unread mentions was most of its time.
                    CREATE TABLE unread_count (
                        brand_id INTEGER PRIMARY KEY,
                        unread INTEGER NOT NULL
                    );
                    INSERT INTO unread_count (brand_id, unread)
                    SELECT brand_id, count(*) FROM mention WHERE read = 0 GROUP BY brand_id;

                    CREATE TRIGGER unread_count_insert AFTER INSERT ON mention WHEN NEW.read = 0 BEGIN
                        INSERT INTO unread_count (brand_id, unread) VALUES (NEW.brand_id, 1)
                        ON CONFLICT (brand_id) DO UPDATE SET unread = unread + 1;
                    END;
                    CREATE TRIGGER unread_count_delete AFTER DELETE ON mention WHEN OLD.read = 0 BEGIN
                        UPDATE unread_count SET unread = unread - 1 WHERE brand_id = OLD.brand_id;
                    END;
                    CREATE TRIGGER unread_count_update AFTER UPDATE OF read, brand_id ON mention
                    WHEN (OLD.read = 0) != (NEW.read = 0) OR OLD.brand_id != NEW.brand_id BEGIN
                        UPDATE unread_count SET unread = unread - (OLD.read = 0) WHERE brand_id = OLD.brand_id;
                        INSERT INTO unread_count (brand_id, unread) VALUES (NEW.brand_id, NEW.read = 0)
                        ON CONFLICT (brand_id) DO UPDATE SET unread = unread + excluded.unread;
                    END;
                    """)
        }

        migrator.registerMigration("v10-failing-since") { db in
            try db.execute(
                sql: """
                    -- When a failing source's first failure in a row happened (NULL while it is not failing),
                    -- kept by the trigger below whoever records the fetch. Sources already failing get their
                    -- last success (or their addition): they have been failing since then at most.
                    ALTER TABLE source ADD COLUMN failing_since INTEGER;
                    UPDATE source SET failing_since = coalesce(last_success_at, added_at) WHERE consecutive_failures > 0;
                    CREATE TRIGGER source_failing_since AFTER UPDATE OF last_fetch_at ON source
                    WHEN NEW.last_fetch_at IS NOT NULL BEGIN
                        UPDATE source SET failing_since = CASE WHEN NEW.consecutive_failures > 0
                            THEN coalesce(OLD.failing_since, NEW.last_fetch_at) END
                        WHERE id = NEW.id;
                    END;
                    """)
        }

        migrator.registerMigration("v11-host-leases") { db in
            try db.execute(
                sql: """
                    -- The politeness key of each source's host (NULL until the source is synced again), and
                    -- who holds each host (WatchStore.leaseHosts): the same operations as on PostgreSQL, where
                    -- several watchers share the sources. One watcher per file leases nothing in `vigie watch`.
                    ALTER TABLE source ADD COLUMN host TEXT;
                    CREATE TABLE host_lease (
                        host TEXT PRIMARY KEY,
                        token TEXT NOT NULL,
                        holder TEXT NOT NULL,
                        leased_until INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("v12-leader-lease") { db in
            try db.execute(
                sql: """
                    -- Who plays each one-at-a-time role (the detector and webhook sender), and its term, counted
                    -- up at each takeover (AlertStore.acquireLeadership): the same operations as on PostgreSQL.
                    CREATE TABLE leader_lease (
                        role TEXT PRIMARY KEY,
                        holder TEXT NOT NULL,
                        term INTEGER NOT NULL,
                        leased_until INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }

        return migrator
    }
}

/// The SQL of the `mention_slot` triggers, shared by the migrations that create them. Append-only like the
/// migrations: a migration's SQL never changes once merged.
private enum SlotSQL {
    // `slot` is the quarter hour (900 s, floor division) a mention falls in:
    // every time zone's hours start on one, so any hour, day or week bucket
    // is a run of whole slots. Scores are summed in integer billionths so
    // that a sum does not depend on the order rows were added or removed.
    static func slot(_ row: String) -> String { "((\(row).time - ((\(row).time % 900) + 900) % 900) / 900)" }
    static func nanos(_ row: String) -> String { "CAST(round(\(row).score * 1e9) AS INTEGER)" }

    static func add(_ row: String) -> String {
        """
        INSERT INTO mention_slot (brand_id, slot, language, mentions, negative, positive, score_nanos)
        VALUES (\(row).brand_id, \(slot(row)), \(row).language, 1, \(row).label = 'negative',
                \(row).label = 'positive', \(nanos(row)))
        ON CONFLICT (brand_id, slot, language) DO UPDATE SET
            mentions = mentions + 1, negative = negative + excluded.negative,
            positive = positive + excluded.positive, score_nanos = score_nanos + excluded.score_nanos;
        """
    }

    static func remove(_ row: String) -> String {
        """
        UPDATE mention_slot SET
            mentions = mentions - 1, negative = negative - (\(row).label = 'negative'),
            positive = positive - (\(row).label = 'positive'), score_nanos = score_nanos - \(nanos(row))
        WHERE brand_id = \(row).brand_id AND slot = \(slot(row)) AND language = \(row).language;
        DELETE FROM mention_slot
        WHERE brand_id = \(row).brand_id AND slot = \(slot(row)) AND language = \(row).language
            AND mentions <= 0;
        """
    }
}
