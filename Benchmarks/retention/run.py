#!/usr/bin/env python3
"""Retention benchmark (issue 17): purge a year-long store while the watcher works, back it up, export it.

    Benchmarks/export/generate.py --vigie VIGIE --dir DIR --start 2025-12-06   # a year ending today
    Benchmarks/retention/run.py --vigie VIGIE --dir DIR [--retention 90d] [--backups 3]

DIR holds bench.yaml and bench.db from generate.py. This script writes DIR/retention.yaml (the same brands
and database, `retention:`, and one feed file source polled every 30 s that it keeps adding stories to),
then:

1. notes the database size and mention count, and the timeline (`vigie export timeline --bucket day --all`);
2. starts `vigie watch --log-format json` and, while it purges, adds a story to the feed every second and
   runs `vigie mentions` (a reader) every two seconds, watching every output for "database is locked";
3. once the watcher logs the end of the purge, takes BACKUPS `vigie backup` copies while it keeps storing
   stories, each checked with `PRAGMA integrity_check` and its mention count compared with the counts
   before and after it;
4. stops the watcher with SIGTERM, checks that every stderr line was a JSON object, and compares the
   database size and the daily timeline with those of step 1.

Standard library only; prints one summary.
"""
import argparse, csv, io, json, os, signal, sqlite3, subprocess, sys, time


def size(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def count(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM mention").fetchone()[0]
    finally:
        db.close()


def timeline(vigie, config):
    out = subprocess.run([vigie, "export", "timeline", "--config", config, "--bucket", "day", "--all"],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return rows


def write_feed(path, stories, brand):
    items = []
    for index in range(stories):
        stamp = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() - 60 + index * 0.001))
        items.append(f"<item><guid>live-{index}</guid><title>{brand} live story {index}</title>"
                     f"<pubDate>{stamp}</pubDate></item>")
    body = "<rss version=\"2.0\"><channel><title>Live</title><link>https://live.example/</link>"
    with open(path + ".tmp", "w") as feed:
        feed.write(body + "".join(items) + "</channel></rss>")
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--retention", default="90d")
    parser.add_argument("--backups", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds to wait for the purge")
    args = parser.parse_args()
    vigie = os.path.abspath(args.vigie)
    db_path = os.path.join(args.dir, "bench.db")
    config = os.path.join(args.dir, "retention.yaml")
    feed = os.path.join(args.dir, "live.xml")
    with open(os.path.join(args.dir, "bench.yaml")) as original:
        brands = [line.split(":", 1)[1].strip() for line in original if line.strip().startswith("- name:")]
    write_feed(feed, 1, brands[0])
    with open(config, "w") as out:
        out.write(f"storage:\n  path: bench.db\nretention: {args.retention}\nbrands:\n")
        for brand in brands:
            out.write(f"  - name: {brand}\n    terms: [{brand}]\n")
        out.write("sources:\n  - url: file://live.xml\n    name: Live\n    interval: 30s\n")

    size_before, count_before = size(db_path), count(db_path)
    began = time.time()
    days_before = timeline(vigie, config)
    print(f"before: {count_before:,} mentions, {size_before / 2**20:.0f} MiB, timeline of "
          f"{len(days_before):,} rows ({time.time() - began:.1f} s)", file=sys.stderr)

    log_path = os.path.join(args.dir, "watch.log")
    log = open(log_path, "w")
    watch = subprocess.Popen([vigie, "watch", "--config", config, "--log-format", "json"],
                             stdout=subprocess.DEVNULL, stderr=log)
    locked, readers, stories, purge_line = [], 0, 1, None
    started = time.time()
    last_reader = 0
    while time.time() - started < args.timeout:
        time.sleep(1)
        stories += 1
        write_feed(feed, stories, brands[0])
        if time.time() - last_reader >= 2:
            last_reader = time.time()
            reader = subprocess.run([vigie, "mentions", "--config", config, "--since", "1h", "--limit", "1"],
                                    capture_output=True, text=True)
            readers += 1
            if "locked" in reader.stderr or reader.returncode != 0:
                locked.append(reader.stderr.strip())
        with open(log_path) as current:
            for line in current:
                if '"retention: deleted' in line:
                    purge_line = json.loads(line)
        if purge_line:
            break
        if watch.poll() is not None:
            break
    purge_seconds = time.time() - started
    if not purge_line:
        print(f"the purge did not finish within {args.timeout} s (watcher status {watch.poll()})", file=sys.stderr)

    backups = []
    for index in range(args.backups):
        for _ in range(3):
            time.sleep(1)
            stories += 1
            write_feed(feed, stories, brands[0])
        copy = os.path.join(args.dir, f"backup-{index}.db")
        low = count(db_path)
        taken = time.time()
        result = subprocess.run([vigie, "backup", "--config", config, "--to", copy], capture_output=True, text=True)
        seconds = time.time() - taken
        high = count(db_path)
        db = sqlite3.connect(copy)
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        copied = db.execute("SELECT count(*) FROM mention").fetchone()[0]
        db.close()
        backups.append((result.returncode, check, low, copied, high, seconds))
        if "locked" in result.stderr:
            locked.append(result.stderr.strip())

    watch.send_signal(signal.SIGTERM)
    status = watch.wait(timeout=60)
    log.close()
    with open(log_path) as current:
        lines = current.read().splitlines()
    bad = []
    for line in lines:
        try:
            if not isinstance(json.loads(line), dict):
                bad.append(line)
        except ValueError:
            bad.append(line)
    cycles = sum(1 for line in lines if '"message":"cycle ' in line)
    locked += [line for line in lines if "locked" in line]

    size_after, count_after = size(db_path), count(db_path)
    days_after = timeline(vigie, config)
    first_before = days_before[0]["bucket_start"] if days_before else None
    first_after = days_after[0]["bucket_start"] if days_after else None
    old = {(r["brand"], r["bucket_start"]): r for r in days_before}
    changed = [r for r in days_after if (r["brand"], r["bucket_start"]) in old
               and r["mentions"] != old[(r["brand"], r["bucket_start"])]["mentions"]]

    print(f"purge: {purge_line['message'] if purge_line else 'not finished'}")
    print(f"purge wall clock, as the watcher saw it: {purge_seconds:.0f} s; watcher cycles meanwhile and after: "
          f"{cycles}; readers run: {readers}; live stories added: {stories}")
    print(f"'database is locked' or failed readers: {len(locked)}" + (f" (first: {locked[0]})" if locked else ""))
    print(f"database: {size_before / 2**20:.0f} MiB before, {size_after / 2**20:.0f} MiB after; "
          f"mentions {count_before:,} before, {count_after:,} after")
    print(f"timeline --bucket day --all: {len(days_before):,} rows from {first_before} before, "
          f"{len(days_after):,} rows from {first_after} after; rows of the same day with other counts: "
          f"{len(changed)} (the live stories' day only)")
    for status_code, check, low, copied, high, seconds in backups:
        print(f"backup: exit {status_code}, integrity_check {check}, mentions {low:,} <= {copied:,} <= {high:,}: "
              f"{low <= copied <= high}, {seconds:.1f} s")
    print(f"watch: exit status {status} after SIGTERM; {len(lines)} stderr lines, {len(bad)} not JSON objects")


if __name__ == "__main__":
    main()
