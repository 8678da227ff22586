#!/usr/bin/env python3
"""Soak benchmark: `vigie watch` left running against misbehaving feeds on loopback.

    Benchmarks/watch/soak.py --vigie .build/release/vigie [--feeds 60] [--minutes 20] [--interval 30]

Serves FEEDS RSS feeds on 127.0.0.1 (Python stdlib, ETag and 304s), each gaining a new entry every
--entry-every seconds (French and English, three brands), among them:
  - feed 0's stories copied into feeds 1-3 (syndication: one story, four carriers);
  - one feed that answers 503 with `Retry-After: 60` on every third request;
  - one feed that serves an ill-formed document once (its third request), then clean ones again;
plus one source on 127.0.0.2 that hangs 30 s on every fourth request (its own host).

Runs `vigie watch` for MINUTES and prints every minute the watcher's resident memory, open descriptors,
CPU time and database + WAL size. Then, while the hanging source hangs, sends SIGTERM and times the
exit; freezes the feeds, restarts with `vigie watch --once` and checks the store: every published story
stored once (missing, doubled), the recovered document flagged. Last, the healthy sources' time between
polls as the server saw it (median, p90, max). Only loopback addresses are used.
"""
import argparse, hashlib, http.server, json, os, re, shutil, signal, socketserver, statistics
import subprocess, sys, tempfile, threading, time

BRANDS = ["Acme", "Lumio", "Nordane"]
PHRASES = ["great service, I love it", "a terrible outage, what a scam", "opens a new shop downtown",
           "refund refused again", "très bon service client", "panne générale, c'est nul"]
WINDOW = 40  # entries a feed lists (newest first)
COPIED = (1, 2, 3)  # feeds carrying feed 0's stories too


class Feeds:
    """Every feed's entries, growing with time until frozen."""

    def __init__(self, count, every):
        self.count, self.every = count, every
        self.start = time.time()
        self.frozen_at = None
        self.lock = threading.Lock()

    def now(self):
        return self.frozen_at or time.time()

    def entries(self, index):
        """(number, published) of the feed's entries so far: one at start, then one every `every` s,
        each feed offset so that they do not all change together."""
        offset = (index * 7919) % self.every
        elapsed = self.now() - self.start - offset
        made = 1 + max(0, int(elapsed // self.every)) if elapsed >= 0 else 1
        return [(n, self.start + offset + n * self.every) for n in range(made)]

    def story(self, index, n, published):
        brand = BRANDS[(index + n) % len(BRANDS)]
        phrase = PHRASES[(index * 5 + n) % len(PHRASES)]
        link = f'https://feed{index}.example/{n}'
        date = time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime(published))
        return (f'<item><guid isPermaLink="false">feed{index}-{n}</guid><link>{link}</link>'
                f'<title>{brand}: {phrase} ({index}-{n})</title>'
                f'<description>{brand} {phrase}. Story {index}-{n}.</description><pubDate>{date}</pubDate></item>')

    def xml(self, index, broken=False):
        items = [(p, self.story(index, n, p)) for n, p in self.entries(index)]
        if index in COPIED:
            items += [(p, self.story(0, n, p)) for n, p in self.entries(0)]
        items = [story for _, story in sorted(items)[-WINDOW:][::-1]]
        head = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed {index}</title>'
        if broken:
            # An unclosed tag inside an item: libxml2 recovers, the entry is kept and flagged.
            items[0] = items[0].replace('</title>', '<b>oops</title>', 1)
        return (head + ''.join(items) + '</channel></rss>').encode()

    def published(self, until):
        """Every story (by link) published by `until`, the hanging source's included; copies count once."""
        links = set()
        for index in range(self.count + 1):
            for n, p in self.entries(index):
                if p <= until:
                    links.add(f'https://feed{index}.example/{n}')
        return links


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    feeds = None
    lock = threading.Lock()
    hits = {}        # path -> request count
    polls = {}       # path -> request times
    hanging = threading.Event()
    calm = False     # set for the restart: no more misbehaviour
    rate_limited = None
    broken = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        with Handler.lock:
            hit = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
            Handler.polls.setdefault(self.path, []).append(time.time())
        if self.path == '/hang.xml':
            index = Handler.feeds.count  # served like a feed of its own
            if hit % 4 == 0 and not Handler.calm:
                Handler.hanging.set()
                time.sleep(30)
                Handler.hanging.clear()
        else:
            m = re.match(r'^/feeds/(\d+)\.xml$', self.path)
            if not m or int(m.group(1)) >= Handler.feeds.count:
                return self.answer(404, b'')
            index = int(m.group(1))
            if index == Handler.rate_limited and hit % 3 == 0 and not Handler.calm:
                return self.answer(503, b'', {'Retry-After': '60'})
        body = Handler.feeds.xml(index, broken=index == Handler.broken and hit == 3)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get('If-None-Match') == etag:
            return self.answer(304, b'', {'ETag': etag})
        self.answer(200, body, {'ETag': etag, 'Content-Type': 'application/rss+xml; charset=utf-8'})

    def answer(self, status, body, headers={}):
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def sample(pid, work):
    """(rss MiB, open fds, cpu s, db + wal MiB) of the process."""
    with open(f'/proc/{pid}/status') as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith('VmRSS:')) / 1024
    fds = len(os.listdir(f'/proc/{pid}/fd'))
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    size = lambda name: os.path.getsize(os.path.join(work, name)) if os.path.exists(os.path.join(work, name)) else 0
    return rss, fds, cpu, size('soak.db') / 2**20, size('soak.db-wal') / 2**20


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--vigie', required=True)
    ap.add_argument('--feeds', type=int, default=60, help='feeds on 127.0.0.1 (at least 6)')
    ap.add_argument('--minutes', type=float, default=20)
    ap.add_argument('--interval', type=int, default=30, help='poll interval in seconds (30 is the minimum)')
    ap.add_argument('--entry-every', type=int, default=20, help='seconds between two new entries of a feed')
    ap.add_argument('--keep', action='store_true', help='keep the working folder (database, config, log)')
    args = ap.parse_args()
    vigie = os.path.abspath(args.vigie)

    Handler.feeds = feeds = Feeds(args.feeds, args.entry_every)
    Handler.rate_limited, Handler.broken = args.feeds - 1, args.feeds - 2
    server = Server(('0.0.0.0', 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    work = tempfile.mkdtemp(prefix='vigie-soak-')
    config = os.path.join(work, 'vigie.yaml')
    with open(config, 'w') as f:
        f.write('storage:\n  path: soak.db\nbrands:\n')
        for b in BRANDS:
            f.write(f'  - name: {b}\n    terms: [{b}]\n')
        f.write('sources:\n')
        for i in range(args.feeds):
            f.write(f'  - url: http://127.0.0.1:{port}/feeds/{i}.xml\n    name: feed {i}\n    interval: {args.interval}s\n')
        f.write(f'  - url: http://127.0.0.2:{port}/hang.xml\n    name: hanging\n    interval: {args.interval}s\n')

    log = open(os.path.join(work, 'watch.log'), 'w')
    started = time.time()
    proc = subprocess.Popen([vigie, 'watch', '--config', config], stderr=log, stdout=subprocess.DEVNULL, cwd=work)
    print(f'soak: {args.feeds} feeds on 127.0.0.1 + 1 hanging on 127.0.0.2, interval {args.interval}s, '
          f'a new entry per feed every {args.entry_every}s, {args.minutes:g} min; work folder {work}')
    print(f'{"min":>4} {"rss MiB":>8} {"fds":>4} {"cpu s":>7} {"db MiB":>7} {"wal MiB":>8} {"requests":>9}')
    samples = []
    end = started + args.minutes * 60
    minute = 1
    while time.time() < end:
        time.sleep(min(1, max(0, end - time.time())))
        if proc.poll() is not None:
            print('vigie exited early with', proc.returncode, '; see', os.path.join(work, 'watch.log'))
            sys.exit(1)
        if time.time() >= started + minute * 60 or time.time() >= end:
            s = sample(proc.pid, work)
            samples.append((minute, s))
            print(f'{minute:>4} {s[0]:>8.1f} {s[1]:>4} {s[2]:>7.1f} {s[3]:>7.1f} {s[4]:>8.2f} '
                  f'{sum(Handler.hits.values()):>9}', flush=True)
            minute += 1

    # SIGTERM while the hanging source hangs.
    waited = time.time()
    while not Handler.hanging.is_set() and time.time() - waited < 4 * args.interval + 60:
        time.sleep(0.05)
    during_hang = Handler.hanging.is_set()
    stop_sent = time.time()
    proc.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(proc.pid, 0)
    stop_seconds = time.time() - stop_sent
    code = os.waitstatus_to_exitcode(status)
    feeds.frozen_at = stop_sent  # no new entries from now on
    Handler.calm = True
    print(f'SIGTERM {"during the hang" if during_hang else "(the hang did not come)"}: exit {code} '
          f'in {stop_seconds:.2f} s; CPU used {usage.ru_utime + usage.ru_stime:.1f} s')

    def mentions():
        out = subprocess.run([vigie, 'mentions', '--config', config, '--since', '36500d', '--format', 'jsonl'],
                             capture_output=True, text=True, cwd=work)
        return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]

    before = mentions()
    restart = subprocess.run([vigie, 'watch', '--config', config, '--once'], capture_output=True, text=True,
                             cwd=work)
    after = mentions()
    published = feeds.published(stop_sent)
    links = [m['link'] for m in after]
    stored = set(links)
    doubled = len(links) - len(stored)
    missing = published - stored
    extra = stored - published
    print(f'before the restart: {len(before)} mentions stored; the restart (--once, exit {restart.returncode}) '
          f'stored {len(after) - len(before)} more')
    print(f'published {len(published)} stories (copies once), stored {len(after)} mentions of '
          f'{len(stored)} stories: missing {len(missing)}, doubled {doubled}, unknown {len(extra)} -> '
          + ('OK' if not missing and not doubled and not extra else 'MISMATCH'))
    flagged = [m for m in after if m.get('recovered')]
    print(f'mentions flagged as read from a recovered document: {len(flagged)} '
          f'(feed {Handler.broken} served one ill-formed document)')
    src = subprocess.run([vigie, 'sources', '--config', config, '--format', 'jsonl'], capture_output=True,
                         text=True, cwd=work)
    with open(os.path.join(work, 'watch.log')) as f:
        text = f.read()
    print(f'log: {text.count("is ill-formed")} "ill-formed" line(s), {text.count("well-formed again")} '
          f'"well-formed again" line(s)')

    # Time between polls of the healthy feeds, as the server saw them (while vigie watch ran).
    healthy = [f'/feeds/{i}.xml' for i in range(args.feeds) if i not in (Handler.rate_limited, Handler.broken)]
    gaps = []
    for path in healthy:
        times = [t for t in Handler.polls.get(path, []) if t < stop_sent]
        gaps += [b - a for a, b in zip(times, times[1:])]
    if gaps:
        print(f'healthy sources\' time between polls ({len(gaps)} gaps over {len(healthy)} feeds): '
              f'median {statistics.median(gaps):.1f} s, p90 {percentile(gaps, 90):.1f} s, max {max(gaps):.1f} s')
    hang_gaps = [b - a for a, b in zip(Handler.polls.get('/hang.xml', []), Handler.polls.get('/hang.xml', [])[1:])]
    print(f'hanging source: {Handler.hits.get("/hang.xml", 0)} requests, '
          + (f'max gap {max(hang_gaps):.1f} s' if hang_gaps else 'no gap'))
    if len(samples) >= 5:
        at5 = samples[4][1]
        last = samples[-1][1]
        print(f'memory: {at5[0]:.1f} MiB at minute 5, {last[0]:.1f} MiB at the end '
              f'({(last[0] - at5[0]) / at5[0] * 100:+.1f} %); descriptors {min(s[1] for _, s in samples)}-'
              f'{max(s[1] for _, s in samples)}; WAL at most {max(s[4] for _, s in samples):.2f} MiB')
    for line in src.stdout.splitlines():
        s = json.loads(line)
        if s['name'] in (f'feed {Handler.broken}', f'feed {Handler.rate_limited}', 'hanging'):
            print(f'  vigie sources: {s["name"]:<9} {s["status"]}  {s.get("last_error") or ""}')
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    ok = not missing and not doubled and not extra and code == 0 and stop_seconds <= 5
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
