#!/usr/bin/env python3
"""Export benchmark workload: a Vigie store with millions of mentions.

    Benchmarks/export/generate.py --vigie .build/release/vigie --dir /tmp/vigie-export-bench \
        [--mentions 5000000] [--brands 10] [--days 365] [--start 2025-01-01] [--seed 6]

Writes DIR/bench.yaml (BRANDS brands, one file source) and DIR/bench.db. The
schema is made by Vigie itself (`vigie mentions` opens the database, which
runs the migrations); the rows are then inserted with Python's sqlite3 straight
into that schema, in large transactions: MENTIONS entries over DAYS days (evenly
spread, 10-20 % negative), one mention each, one carrier row each, and a few
alerts. Texts are 80-400 characters of generated French and English words,
some titles holding commas, quotes and line breaks. Deterministic for a seed;
standard library only.
"""
import argparse, datetime, json, math, os, random, sqlite3, subprocess, sys, time

WORDS = ("service client panne réseau débit facture remboursement box fibre mobile agence retard vol annulé "
         "great outage refund support flight delayed bank app login fees scam love terrible new shop "
         "lancement offre prix hausse baisse merci bravo nul super rapide lent").split()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", required=True, help="the vigie binary (release build)")
    parser.add_argument("--dir", required=True, help="folder for bench.yaml and bench.db (created)")
    parser.add_argument("--mentions", type=int, default=5_000_000)
    parser.add_argument("--brands", type=int, default=10)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", default="2025-01-01", help="the first day (UTC), YYYY-MM-DD")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    db_path = os.path.join(args.dir, "bench.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db_path + suffix):
            os.remove(db_path + suffix)
    brands = [f"Brand{index:02d}" for index in range(args.brands)]
    with open(os.path.join(args.dir, "bench.yaml"), "w") as config:
        config.write("storage:\n  path: bench.db\nbrands:\n")
        for brand in brands:
            config.write(f"  - name: {brand}\n    terms: [{brand}]\n")
        config.write("sources:\n  - url: file://none.xml\n    name: None\n")
    # Vigie creates the schema (migrations) when it opens the database.
    subprocess.run([args.vigie, "mentions", "--config", os.path.join(args.dir, "bench.yaml"), "--limit", "1"],
                   check=True, stdout=subprocess.DEVNULL)

    rng = random.Random(args.seed)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    start = int(datetime.datetime.strptime(args.start, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc).timestamp())
    span = args.days * 86_400
    sources = [(index + 1, f"https://source{index}.example/feed", f"Source {index}") for index in range(20)]
    db.executemany("INSERT OR IGNORE INTO source (id, url, name, kind, added_at) VALUES (?, ?, ?, 'rss', ?)",
                   [(i, u, n, start) for i, u, n in sources])
    db.executemany("INSERT OR IGNORE INTO brand (id, name) VALUES (?, ?)",
                   [(index + 1, brand) for index, brand in enumerate(brands)])
    db.commit()

    # A pool of word sequences, drawn once (drawing words per row would make generation slow).
    pool = []
    for _ in range(20_000):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 60))]
        pool.append((" ".join(words[:6]), words[0], words[1], " ".join(words)))
    began = time.time()
    batch = 100_000
    step = span / args.mentions
    for first in range(0, args.mentions, batch):
        entries, carriers, mentions = [], [], []
        for index in range(first, min(first + batch, args.mentions)):
            # Evenly spread, in time order (as the watcher appends them), with jitter.
            t = start + int(index * step + rng.uniform(0, step))
            entry_id = index + 1
            source_id = 1 + index % len(sources)
            brand_index = rng.randrange(args.brands)
            brand = brands[brand_index]
            words = pool[rng.randrange(len(pool))]
            title = f"{brand} {words[0]}"
            if index % 50 == 0:
                title = f'{brand}, "{words[1]}"\n{words[2]}'
            text = f"{brand} {words[3]}"
            link = f"https://source{source_id - 1}.example/{entry_id}"
            entries.append((entry_id, source_id, f"g{entry_id}", link, link, title, text, "fr", t, start, t))
            carriers.append((source_id, f"g:g{entry_id}", entry_id, t))
            negative_rate = 0.10 + 0.10 * brand_index / max(args.brands - 1, 1)
            roll = rng.random()
            label = "negative" if roll < negative_rate else ("positive" if roll > 0.7 else "neutral")
            score = {"negative": -rng.uniform(0.2, 1), "positive": rng.uniform(0.2, 1)}.get(label, rng.uniform(-0.1, 0.1))
            mentions.append((entry_id, brand_index + 1, t, "fr" if index % 3 else "en", score, label,
                             0.6 if label == "positive" else 0.1, 0.6 if label == "negative" else 0.1, 0.3,
                             json.dumps([brand.lower()]), json.dumps(words[3].split()[:2], ensure_ascii=False)))
        db.executemany("""INSERT INTO entry (id, source_id, guid, link, canonical_link, title, text, language,
                          published_at, first_seen_at, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries)
        db.executemany("INSERT INTO entry_source (source_id, item_key, entry_id, first_seen_at) VALUES (?, ?, ?, ?)",
                       carriers)
        db.executemany("""INSERT INTO mention (entry_id, brand_id, time, language, score, label, positive, negative,
                          neutral, matched_terms, top_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", mentions)
        db.commit()
        done = min(first + batch, args.mentions)
        print(f"\r{done:,} mentions ({time.time() - began:.0f} s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    alerts = []
    for index, brand in enumerate(brands):
        for wave in range(4):
            bucket = start + (rng.randrange(span) // 3600) * 3600
            alerts.append((f"{brand}\x1fnegative-spike\x1f{bucket}", brand, "negative-spike",
                           "critical" if wave == 0 else "warning", bucket, 3600, bucket + 3600, 40, 30, 4.0, 0.75))
    db.executemany("""INSERT OR IGNORE INTO alert (key, brand, kind, severity, bucket_start, bucket_seconds, raised_at,
                      count, negative_count, baseline, share, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')""",
                   alerts)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.commit()
    db.close()
    size = os.path.getsize(db_path)
    print(f"{args.mentions:,} mentions, {len(brands)} brands, {len(alerts)} alerts: {db_path} ({size / 2**20:.0f} MiB)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
