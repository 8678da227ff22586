#!/usr/bin/env python3
"""Webhook end-to-end test (issue 5, acceptance 3): at-least-once delivery across kill -9.

    Benchmarks/webhook/run.py --vigie .build/debug/vigie [--failures 3] [--kills 3] [--kill-in-flight]

Writes an RSS file with eight days of ordinary mentions of BRANDS brands (ten an
hour each, one negative) and a wave of negative ones about each in the last minutes, and a vigie.yaml
whose alerts: section has one webhook pointing at a receiver on 127.0.0.1 (Python
stdlib) with a secret taken from an environment variable and short retry delays.
The receiver answers 500 to the first FAILURES requests and 200 afterwards; it
verifies every request's HMAC signature and timestamp, dedups by Idempotency-Key
and counts repeats.

`vigie watch` runs as a child process and is killed with SIGKILL right after the
receiver gets a request (so between two attempts), then restarted on the same
database; up to KILLS times (fewer when every delivery is done before), each
restarted watcher making at least one attempt first. With --kill-in-flight it is also killed while
the receiver holds its first accepted request (processed, not yet answered): the
restarted watcher must send it again with the same key, and the receiver drop it.
At the end the watcher is stopped with SIGTERM and
the script checks, against `vigie alerts --format jsonl`, that every stored alert
delivery reached the receiver and is marked delivered, that no key was processed
twice, and that every signature verified. Exit status 0 when all hold.
Only loopback addresses are used.
"""
import argparse, email.utils, hashlib, hmac, http.server, json, os, signal, subprocess, sys, tempfile
import threading, time

SECRET = "e2e-secret-" + os.urandom(8).hex()


class Receiver(http.server.BaseHTTPRequestHandler):
    lock = threading.Lock()
    failures = 3
    attempts = []        # (time, key, status, signature_ok)
    processed = {}       # key -> body (first accepted)
    repeats = 0
    kill_in_flight = False   # SIGKILL the watcher while its first accepted request is in flight
    kill_now = threading.Event()
    killed_in_flight = threading.Event()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key")
        stamp = self.headers.get("X-Vigie-Timestamp", "")
        signature = self.headers.get("X-Vigie-Signature", "")
        expected = "v1=" + hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = stamp.isdigit() and abs(time.time() - int(stamp)) < 300
        valid = hmac.compare_digest(expected, signature) and fresh
        with Receiver.lock:
            failing = len(Receiver.attempts) < Receiver.failures
            status = 500 if failing or not valid else 200
            if status == 200:
                if key in Receiver.processed:
                    Receiver.repeats += 1       # dropped: processed once
                else:
                    Receiver.processed[key] = json.loads(body)
            Receiver.attempts.append((time.time(), key, status, valid))
            hold = status == 200 and Receiver.kill_in_flight and not Receiver.kill_now.is_set()
            if hold:
                Receiver.kill_now.set()
        if hold:
            # Processed here, but the watcher dies before it reads the answer and records the delivery.
            Receiver.killed_in_flight.wait(10)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


BRANDS = ["Acme", "Lumio", "Nordane", "Skylark", "Cerise"]


def rss(now, brands):
    items = []
    start = int(now) - int(now) % 3600 - 8 * 86400
    for b, brand in enumerate(brands):
        for hour in range(8 * 24):
            for index in range(10):
                t = start + hour * 3600 + index * 300 + b
                negative = index == 0
                text = ("a terrible outage again, customers furious, what a scam" if negative
                        else "opens a new shop downtown")
                items.append((f"{brand}-h{hour}-{index}", t, f"{brand} {text} ({hour}-{index})"))
        for index in range(60):
            t = int(now) - 600 + index * 10
            text = ("a terrible outage, a scam, customers are furious and angry" if index % 6 else "opens a shop")
            items.append((f"{brand}-w{index}", t, f"{brand} {text} (wave {index})"))
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>E2E</title>'
           '<link>https://e2e.example/</link>']
    for guid, t, title in items:
        out.append(f"<item><guid>{guid}</guid><link>https://e2e.example/{guid}</link><title>{title}</title>"
                   f"<description>{title}.</description><pubDate>{email.utils.formatdate(t, usegmt=True)}</pubDate></item>")
    out.append("</channel></rss>")
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigie", default=".build/debug/vigie")
    parser.add_argument("--failures", type=int, default=3)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--brands", type=int, default=3, help="brands with a wave, hence alerts (at most 5)")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--kill-in-flight", action="store_true",
                        help="also kill -9 the watcher while its accepted request is in flight (a repeat must follow)")
    args = parser.parse_args()
    Receiver.kill_in_flight = args.kill_in_flight
    vigie = os.path.abspath(args.vigie)
    Receiver.failures = args.failures

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    folder = tempfile.mkdtemp(prefix="vigie-webhook-e2e-")
    with open(os.path.join(folder, "feed.xml"), "w") as f:
        f.write(rss(time.time(), BRANDS[:max(1, min(args.brands, 5))]))
    config = os.path.join(folder, "vigie.yaml")
    with open(config, "w") as f:
        f.write(f"""storage: vigie.db
brands:
""" + "".join(f"  - name: {b}\n    terms: [{b.lower()}]\n" for b in BRANDS[:max(1, min(args.brands, 5))]) + f"""sources:
  - url: file://feed.xml
    interval: 30s
alerts:
  delivery:
    attempts: 10
    first_retry: 2s
    max_retry: 4s
  sinks:
    - type: stdout
    - type: webhook
      name: receiver
      url: http://127.0.0.1:{port}/hook
      secret_env: VIGIE_E2E_SECRET
      timeout: 2s
""")
    env = dict(os.environ, VIGIE_E2E_SECRET=SECRET)
    log = open(os.path.join(folder, "watch.log"), "w")

    def start():
        return subprocess.Popen([vigie, "watch", "--config", config, "--alerts-format", "jsonl"],
                                stdout=log, stderr=log, env=env, cwd=folder)

    started = time.time()
    watcher = start()
    starts, kills, seen_at_kill, inflight = 1, 0, 0, 0
    while time.time() - started < args.timeout:
        with Receiver.lock:
            seen = len(Receiver.attempts)
            done = len(Receiver.processed) >= min(args.brands, 5)
            quiet = seen > 0 and time.time() - Receiver.attempts[-1][0] > 8
        if Receiver.kill_now.is_set() and not Receiver.killed_in_flight.is_set():
            watcher.send_signal(signal.SIGKILL)
            watcher.wait()
            Receiver.killed_in_flight.set()
            inflight += 1
            seen_at_kill = seen
            print(f"kill -9 (in flight) with accepted attempt {seen} in flight ({time.time() - started:.1f} s)", flush=True)
            watcher = start()
            starts += 1
        elif kills < args.kills and seen > seen_at_kill:
            # Right after this watcher's first attempt, before its next one.
            watcher.send_signal(signal.SIGKILL)
            watcher.wait()
            seen_at_kill = seen
            kills += 1
            print(f"kill -9 #{kills} after attempt {seen} ({time.time() - started:.1f} s)", flush=True)
            watcher = start()
            starts += 1
        elif done and (kills >= args.kills or quiet) and (not args.kill_in_flight or Receiver.repeats > 0):
            break   # (quiet: every delivery is done, no attempt left to kill between)
        time.sleep(0.05)
    time.sleep(3)   # let the outbox record the last success and deliver any later alert
    watcher.send_signal(signal.SIGTERM)
    try:
        watcher.wait(timeout=30)
    except subprocess.TimeoutExpired:
        watcher.kill()
    server.shutdown()

    listing = subprocess.run([vigie, "alerts", "--config", config, "--format", "jsonl", "--since", "30d"],
                             capture_output=True, text=True, env=env, cwd=folder)
    alerts = [json.loads(line) for line in listing.stdout.splitlines() if line.strip()]
    deliveries = [d for a in alerts for d in a.get("deliveries", [])]
    keys = {d["idempotency_key"] for d in deliveries}
    statuses = [d["status"] for d in deliveries]
    elapsed = time.time() - started
    report = {
        "seconds": round(elapsed, 1),
        "watcher_starts": starts,
        "kill9_between_attempts": kills,
        "kill9_in_flight": inflight,
        "alerts_stored": len(alerts),
        "alert_kinds": [a.get("kind") for a in alerts],
        "deliveries": len(deliveries),
        "delivery_statuses": statuses,
        "delivery_attempts": [d["attempts"] for d in deliveries],
        "receiver_requests": len(Receiver.attempts),
        "receiver_statuses": [a[2] for a in Receiver.attempts],
        "keys_processed": len(Receiver.processed),
        "keys_processed_twice": 0,     # the receiver processes a key at most once by construction
        "repeats_dropped": Receiver.repeats,
        "signatures_verified": sum(1 for a in Receiver.attempts if a[3]),
        "signatures_failed": sum(1 for a in Receiver.attempts if not a[3]),
    }
    print(json.dumps(report, indent=1))
    ok = (alerts and kills >= 1 and inflight == (1 if args.kill_in_flight else 0) and keys and keys == set(Receiver.processed)
          and all(s == "delivered" for s in statuses) and report["signatures_failed"] == 0
          and all("text" in body and body.get("idempotency_key") in keys for body in Receiver.processed.values()))
    print("PASS" if ok else f"FAIL (see {folder}/watch.log)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
