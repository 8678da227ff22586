#!/usr/bin/env python3
"""Watch benchmark: `vigie watch` against 500 feeds served on loopback.

    Benchmarks/watch/run.py --vigie .build/release/vigie [--feeds 500] [--items 20] [--rounds 10]

Starts an HTTP server (Python stdlib) on 127.0.0.1 that serves FEEDS generated
RSS feeds with ETag/Last-Modified and answers conditional requests with 304,
spread over 20 loopback addresses (127.0.0.1-20) since Vigie makes one request
at a time per host, plus one flaky source on 127.0.1.1 that answers 500, then
hangs (longer than Vigie's read timeout), then returns garbage, then recovers.
Runs `vigie watch` until ROUNDS full intervals have passed and the flaky source
has recovered, stops it with SIGTERM, and reports per round: fetches, 304s,
new entries, mentions, seconds, resident memory; then checks the store: every
entry stored once, the flaky source's error shown by `vigie sources`.
Only loopback addresses are used.
"""
import argparse, email.utils, hashlib, http.server, json, os, re, shutil, signal, socketserver
import subprocess, sys, tempfile, threading, time

BRANDS = ["Acme", "Lumio", "Nordane"]
PHRASES = ["great service, I love it", "a terrible outage, what a scam", "opens a new shop downtown",
           "refund refused again", "très bon service client", "panne générale, c'est nul"]


def feed_xml(index, items):
    out = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed {index}</title>'
           f'<link>https://feed{index}.example/</link>']
    for item in range(items):
        brand = BRANDS[(index + item) % len(BRANDS)]
        phrase = PHRASES[(index * 7 + item) % len(PHRASES)]
        out.append(f'<item><guid>feed{index}-{item}</guid><link>https://feed{index}.example/{item}</link>'
                   f'<title>{brand}: {phrase} ({index}-{item})</title>'
                   f'<description>&lt;p&gt;{brand} {phrase}. Story {index}-{item}.&lt;/p&gt;</description>'
                   f'<pubDate>Mon, 0{1 + item % 9} Nov 2026 {item % 24:02d}:00:00 GMT</pubDate></item>')
    out.append('</channel></rss>')
    return ''.join(out).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    feeds = {}
    flaky_hits = 0
    lock = threading.Lock()
    requests = 0
    not_modified = 0

    def log_message(self, *args):
        pass

    def do_GET(self):
        with Handler.lock:
            Handler.requests += 1
        if self.path == '/flaky.xml':
            return self.flaky()
        m = re.match(r'^/feeds/(\d+)\.xml$', self.path)
        if not m or int(m.group(1)) not in Handler.feeds:
            self.send_response(404); self.end_headers(); return
        body, etag = Handler.feeds[int(m.group(1))]
        if self.headers.get('If-None-Match') == etag:
            with Handler.lock:
                Handler.not_modified += 1
            self.send_response(304); self.end_headers(); return
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml; charset=utf-8')
        self.send_header('ETag', etag)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def flaky(self):
        with Handler.lock:
            Handler.flaky_hits += 1
            hit = Handler.flaky_hits
        if hit == 1:
            self.send_response(500); self.send_header('Content-Length', '0'); self.end_headers(); return
        if hit == 2:
            time.sleep(45)  # past Vigie's 30 s read timeout
            try:
                self.send_response(500); self.end_headers()
            except OSError:
                pass
            return
        if hit == 3:
            body = bytes((i * 37) % 256 for i in range(2048))
        else:
            body = feed_xml(9999, 5)
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--vigie', required=True)
    ap.add_argument('--feeds', type=int, default=500)
    ap.add_argument('--items', type=int, default=20)
    ap.add_argument('--rounds', type=int, default=10)
    ap.add_argument('--interval', type=int, default=30, help='poll interval in seconds (30 is the minimum)')
    ap.add_argument('--keep', action='store_true')
    args = ap.parse_args()
    vigie = os.path.abspath(args.vigie)

    for i in range(args.feeds):
        body = feed_xml(i, args.items)
        Handler.feeds[i] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
    server = Server(('0.0.0.0', 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    work = tempfile.mkdtemp(prefix='vigie-watch-bench-')
    config = os.path.join(work, 'vigie.yaml')
    with open(config, 'w') as f:
        f.write('storage:\n  path: bench.db\nbrands:\n')
        for b in BRANDS:
            f.write(f'  - name: {b}\n    terms: [{b}]\n')
        f.write('sources:\n')
        for i in range(args.feeds):
            host = f'127.0.0.{1 + i % 20}'
            f.write(f'  - url: http://{host}:{port}/feeds/{i}.xml\n    name: feed {i}\n    interval: {args.interval}s\n')
        f.write(f'  - url: http://127.0.1.1:{port}/flaky.xml\n    name: flaky\n    interval: {args.interval}s\n')

    started = time.time()
    proc = subprocess.Popen([vigie, 'watch', '--config', config], stderr=subprocess.PIPE, text=True, cwd=work)
    cycles = []
    pattern = re.compile(r'cycle (\d+): (\d+) sources? \((\d+) fetched, (\d+) not modified, (\d+) failed\), '
                         r'(\d+) entries read, (\d+) new, (\d+) duplicates, (\d+) mentions stored, ([\d.]+) s, '
                         r'memory (\d+) MiB \(peak (\d+) MiB\)')

    def reader():
        for line in proc.stderr:
            m = pattern.search(line)
            if m:
                g = [float(x) if '.' in x else int(x) for x in m.groups()]
                cycles.append(dict(at=time.time() - started, sources=g[1], fetched=g[2], not_modified=g[3], failed=g[4],
                                   entries=g[5], new=g[6], duplicates=g[7], mentions=g[8], seconds=g[9], rss=g[10], peak=g[11]))
            elif 'warning' in line or 'error' in line:
                sys.stderr.write('  vigie: ' + line)
    threading.Thread(target=reader, daemon=True).start()

    seen_states = []

    def monitor():
        while proc.poll() is None:
            time.sleep(10)
            out = subprocess.run([vigie, 'sources', '--config', config, '--format', 'jsonl'],
                                 capture_output=True, text=True, cwd=work)
            for line in out.stdout.splitlines():
                s = json.loads(line)
                if s['name'] == 'flaky':
                    state = (s['status'], s['last_error'])
                    if not seen_states or seen_states[-1][1] != state:
                        seen_states.append((round(time.time() - started), state))
    threading.Thread(target=monitor, daemon=True).start()

    deadline = started + args.rounds * args.interval + 5
    while True:
        time.sleep(1)
        if proc.poll() is not None:
            print('vigie exited early with', proc.returncode); sys.exit(1)
        if time.time() >= deadline and Handler.flaky_hits >= 4:
            break
        if time.time() > started + 1800:
            print('gave up after 30 minutes'); break
    proc.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    elapsed = time.time() - started
    cpu = usage.ru_utime + usage.ru_stime

    print(f'watch bench: {args.feeds} feeds x {args.items} entries on loopback, interval {args.interval}s, '
          f'{len(cycles)} cycles in {elapsed:.0f} s; vigie exited {code} on SIGTERM after using {cpu:.1f} s of CPU '
          f'(peak RSS {usage.ru_maxrss // 1024} MiB)')
    print(f'{"round":>5} {"cycles":>6} {"fetched":>7} {"304":>5} {"failed":>6} {"new":>6} {"mentions":>8} '
          f'{"busy s":>7} {"rss MiB":>7} {"peak MiB":>8}')
    for r in range(args.rounds + 30):
        lo, hi = r * args.interval, (r + 1) * args.interval
        cs = [c for c in cycles if lo <= c['at'] < hi]
        if not cs:
            continue
        print(f'{r + 1:>5} {len(cs):>6} {sum(c["fetched"] for c in cs):>7} {sum(c["not_modified"] for c in cs):>5} '
              f'{sum(c["failed"] for c in cs):>6} {sum(c["new"] for c in cs):>6} {sum(c["mentions"] for c in cs):>8} '
              f'{sum(c["seconds"] for c in cs):>7.2f} {cs[-1]["rss"]:>7} {cs[-1]["peak"]:>8}')
    first = [c for c in cycles if c['at'] < args.interval]
    if first:
        entries = sum(c['entries'] for c in first)
        busy = sum(c['seconds'] for c in first)
        print(f'round 1 throughput: {entries} entries fetched, parsed, matched, scored and stored in {busy:.2f} s '
              f'of cycle time = {entries / busy:,.0f} entries/s')

    env = dict(os.environ)
    out = subprocess.run([vigie, 'mentions', '--config', config, '--since', '36500d', '--format', 'jsonl'],
                         capture_output=True, text=True, cwd=work)
    mentions = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    keys = {(m['link'], m['brand']) for m in mentions}
    expected = args.feeds * args.items + 5
    print(f'store: {len(mentions)} mentions, {len(keys)} distinct (link, brand); expected {expected} '
          f'({args.feeds}x{args.items} + 5 from the recovered flaky source): '
          + ('OK' if len(mentions) == len(keys) == expected else 'MISMATCH'))
    print(f'server: {Handler.requests} requests, {Handler.not_modified} answered 304, flaky source hit {Handler.flaky_hits} times')
    src = subprocess.run([vigie, 'sources', '--config', config, '--format', 'jsonl'], capture_output=True, text=True, cwd=work)
    for line in src.stdout.splitlines():
        s = json.loads(line)
        if s['name'] == 'flaky':
            print('flaky source now:', json.dumps({k: s[k] for k in ('status', 'consecutive_failures', 'mentions', 'last_error', 'next_poll')}))
    print('flaky source as `vigie sources` showed it during the run:')
    for at, (status, error) in seen_states:
        print(f'  t={at:>4}s  {status:<14} {error or ""}')
    failing = sum(1 for line in src.stdout.splitlines() if json.loads(line)['consecutive_failures'] > 0)
    print(f'sources failing at the end: {failing}')
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print('kept', work)


if __name__ == '__main__':
    main()
