#!/usr/bin/env python3
"""Fleet benchmark: several `vigie watch --once` workers on one PostgreSQL, against one worker on SQLite.

    Benchmarks/fleet/run.py --vigie .build/release/vigie [--postgres URL] [scenario ...]

Scenarios (all by default):
  same        4 workers on PostgreSQL store exactly what 1 worker on SQLite stores: the same (story, brand)
              set, label counts and alert keys; no host ever has two requests in flight.
  chaos       the same with one worker kill -9'ed in the middle and one SIGSTOPped past its lease, then
              resumed after a second round of workers took its hosts over: nothing lost, nothing twice, the
              stalled worker's late write refused (its log says so).
  migrate     4 `vigie migrate` started together on an empty database apply each migration once.
  throughput  mentions stored per second by 1, 2 and 4 workers, the transactions per second and the
              database's CPU per fetch that the record path costs, and what one PostgreSQL on this machine
              would serve at a 15-minute interval.

A feed server (Python stdlib) serves 400 RSS feeds over 20 loopback addresses (127.0.0.1 … 127.0.0.20),
20 feeds per address. Stories overlap across feeds: a story is carried by 1 to 4 feeds on different hosts,
either as an exact copy (same link) or as a rewrite (own headline and link, an agency tag, a "read also"
line, a copyright line). Every story's text carries a token `ref-N` that identifies it in the stores.
Ten brands; one of them gets a burst of distinct negative stories in the last hour. Every response is held
for --delay seconds, and the server counts requests in flight per address.

Without --postgres a throwaway cluster is started with scripts/test-postgres-cluster.sh (Debian's
postgresql must be installed) and stopped at the end. Each scenario uses its own new database.
"""
import argparse, hashlib, http.server, json, os, random, re, shutil, signal, socketserver, sqlite3
import subprocess, sys, tempfile, threading, time
from urllib.parse import urlsplit, urlunsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

BRANDS = ["Acme", "Lumio", "Nordane", "Cerise", "Voltra", "Brisko", "Kalima", "Ostrale", "Pivane", "Orbital"]
NEGATIVE_EN = ["a terrible outage, what a scam", "refund refused again, awful support",
               "the worst service I have ever had", "broken again and nobody answers"]
POSITIVE_EN = ["great service, I love it", "excellent support, thank you", "a wonderful experience"]
NEUTRAL_EN = ["opens a new shop downtown", "publishes its quarterly report", "moves its offices"]
NEGATIVE_FR = ["panne générale, c'est nul", "service client honteux, remboursement refusé",
               "une arnaque, je suis furieux"]
POSITIVE_FR = ["très bon service client", "une expérience formidable, bravo", "excellent, merci"]
NEUTRAL_FR = ["ouvre une boutique en centre-ville", "publie ses résultats trimestriels"]
WORDS = ("harbour valley ledger copper window garden rocket violet meadow signal canyon pepper winter "
         "lantern orbit pillow saddle thunder basket velvet marble island falcon ribbon candle shadow "
         "timber crystal bridge anchor quarry meadowlark harvest compass glacier fountain pebble summit "
         "tunnel blossom cobalt prairie beacon walnut furnace lagoon mosaic kettle spiral tundra").split()


def story_plan(seed, sources, items, now):
    """The stories, and which feeds carry them how: {feed index: [item dict]}."""
    rng = random.Random(seed)
    feeds = {i: [] for i in range(sources)}
    capacity = sources * items
    story = 0
    placed = 0
    while placed < capacity:
        brand = BRANDS[story % (len(BRANDS) - 1)]  # Orbital only gets the burst
        french = rng.random() < 0.4
        tone = rng.random()
        pools = (NEGATIVE_FR, POSITIVE_FR, NEUTRAL_FR) if french else (NEGATIVE_EN, POSITIVE_EN, NEUTRAL_EN)
        phrase = rng.choice(pools[0] if tone < 0.25 else pools[1] if tone < 0.55 else pools[2])
        published = now - rng.randint(3600, 10 * 86400)
        placed += place(rng, feeds, sources, items, story, brand, phrase, published, french=french)
        story += 1
    # The burst: 40 distinct negative stories on Orbital within the last 50 minutes, one carrier each.
    for k in range(40):
        phrase = NEGATIVE_EN[k % len(NEGATIVE_EN)]
        place(rng, feeds, sources, items + 1, story, "Orbital", phrase, now - 3000 + k * 60, carriers=1)
        story += 1
    return feeds, story


def place(rng, feeds, sources, items, story, brand, phrase, published, carriers=None, french=False):
    carriers = carriers or rng.choice([1, 1, 2, 2, 3, 4])
    glue = ["le", "la", "de", "et", "dans", "pour", "avec", "sur"] if french else \
        ["the", "of", "and", "in", "to", "with", "for", "on"]
    body = " ".join(rng.choice(WORDS) + " " + rng.choice(glue) for _ in range(20))
    first = rng.randrange(sources)
    hosts = set()
    chosen = []
    for step in range(sources):
        feed = (first + step * 7) % sources
        if feed % 20 in hosts or len(feeds[feed]) >= items:
            continue
        hosts.add(feed % 20)
        chosen.append(feed)
        if len(chosen) == carriers:
            break
    for n, feed in enumerate(chosen):
        rewrite = n > 0 and rng.random() < 0.5
        if rewrite:
            # In the story's language, so that a copy scores as its story does (a label is the first copy's).
            link = f"https://news{feed}.example/a/{story}"
            if french:
                title = f"{brand}: {phrase} - reprise {feed}"
                text = (f"AFP — {brand} {phrase}. {body} ref-{story}. Lire aussi : nos autres articles. "
                        f"© Agence {'NSEOC'[feed % 5]} 2026")
            else:
                title = f"{brand}: {phrase} - wire copy {feed}"
                text = (f"Reuters — {brand} {phrase}. {body} ref-{story}. Read more: our other stories. "
                        f"© Agency {'NSEWC'[feed % 5]} 2026")
        else:
            title = f"{brand}: {phrase}"
            link = f"https://wire.example/story/{story}"
            text = f"{brand} {phrase}. {body} ref-{story}."
        feeds[feed].append(dict(guid=f"f{feed}-s{story}", link=link, title=title, text=text, published=published))
    return len(chosen)


def rss(index, items):
    out = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed {index}</title>'
           f'<link>https://feed{index}.example/</link>']
    for it in items:
        date = time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime(it['published']))
        out.append(f'<item><guid isPermaLink="false">{it["guid"]}</guid><link>{it["link"]}</link>'
                   f'<title>{esc(it["title"])}</title><description>{esc(esc(it["text"]))}</description>'
                   f'<pubDate>{date}</pubDate></item>')
    out.append('</channel></rss>')
    return ''.join(out).encode()


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    feeds = {}
    delay = 0.0
    lock = threading.Lock()
    in_flight = {}
    max_in_flight = {}
    requests = 0

    def log_message(self, *args):
        pass

    def do_GET(self):
        address = self.connection.getsockname()[0]
        with Handler.lock:
            Handler.requests += 1
            n = Handler.in_flight.get(address, 0) + 1
            Handler.in_flight[address] = n
            Handler.max_in_flight[address] = max(n, Handler.max_in_flight.get(address, 0))
        try:
            time.sleep(Handler.delay)
            m = re.match(r'^/feeds/(\d+)\.xml$', self.path)
            body = Handler.feeds.get(int(m.group(1))) if m else None
            if body is None:
                self.send_response(404); self.send_header('Content-Length', '0'); self.end_headers(); return
            self.send_response(200)
            self.send_header('Content-Type', 'application/rss+xml; charset=utf-8')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with Handler.lock:
                Handler.in_flight[address] -= 1


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    def handle_error(self, request, client_address):
        pass  # a killed worker's connection: nothing to report

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


# --- PostgreSQL -------------------------------------------------------------------------------------------

def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, '/' + name, parts.query, parts.fragment))


def psql(url, sql):
    out = subprocess.run(['psql', '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f'psql failed: {out.stderr.strip()}\n  {sql}')
    return [line.split('\t') for line in out.stdout.splitlines() if line]


def fresh_database(admin, name):
    psql(admin, f'DROP DATABASE IF EXISTS {name}')
    psql(admin, f'CREATE DATABASE {name}')
    return with_database(admin, name)


STORY = re.compile(r'ref-(\d+)')


def snapshot_postgres(url):
    rows = psql(url, "SELECT e.text, b.name, m.label FROM mention m JOIN entry e ON e.id = m.entry_id "
                     "JOIN brand b ON b.id = m.brand_id")
    has_alerts = psql(url, "SELECT to_regclass('alert') IS NOT NULL")[0][0] == 't'
    alerts = psql(url, "SELECT brand || chr(31) || kind || chr(31) || bucket_start, negative_count FROM alert") \
        if has_alerts else []
    return summarise(rows, alerts)


def snapshot_sqlite(path):
    db = sqlite3.connect(path)
    rows = db.execute("SELECT e.text, b.name, m.label FROM mention m JOIN entry e ON e.id = m.entry_id "
                      "JOIN brand b ON b.id = m.brand_id").fetchall()
    alerts = db.execute("SELECT key, negative_count FROM alert").fetchall()
    db.close()
    return summarise(rows, alerts)


def summarise(rows, alerts):
    keys = []
    labels = {}
    for text, brand, label in rows:
        m = STORY.search(text)
        keys.append((int(m.group(1)) if m else text[:40], brand))
        labels[(brand, label)] = labels.get((brand, label), 0) + 1
    return dict(rows=len(keys), keys=set(keys), duplicates=len(keys) - len(set(keys)), labels=labels,
                alerts=sorted(str(key) for key, _ in alerts),
                alert_counts=sorted((str(key), int(count)) for key, count in alerts))


def compare(name, reference, got):
    same_keys = reference['keys'] == got['keys']
    same_labels = reference['labels'] == got['labels']
    same_alerts = reference['alerts'] == got['alerts']
    same_counts = reference['alert_counts'] == got['alert_counts']
    print(f'  {name}: {got["rows"]} mentions, {len(got["keys"])} distinct (story, brand), '
          f'{got["duplicates"]} stored twice, {len(got["alerts"])} alerts')
    print(f'    (story, brand) set {"identical" if same_keys else "DIFFERENT"}'
          + ('' if same_keys else f' (missing {len(reference["keys"] - got["keys"])}, '
                                  f'extra {len(got["keys"] - reference["keys"])})')
          + f'; label counts {"identical" if same_labels else "DIFFERENT"}'
          + f'; alert keys {"identical" if same_alerts else "DIFFERENT"}'
          + f' (negative counts {"identical" if same_counts else "different"})')
    if not same_alerts:
        print(f'    SQLite alerts: {reference["alert_counts"]}\n    PostgreSQL alerts: {got["alert_counts"]}')
    return same_keys and same_labels and same_alerts and got['duplicates'] == 0


# --- Vigie ------------------------------------------------------------------------------------------------

def write_config(path, storage, port, sources, lease=None):
    with open(path, 'w') as f:
        f.write(storage)
        if lease:
            f.write(f'  lease: {lease}\n')
        f.write('brands:\n')
        for b in BRANDS:
            f.write(f'  - name: {b}\n    terms: [{b}]\n')
        f.write('sources:\n')
        for i in range(sources):
            f.write(f'  - url: http://127.0.0.{1 + i % 20}:{port}/feeds/{i}.xml\n    name: feed {i}\n')


def start_worker(vigie, config, work, name):
    log = open(os.path.join(work, f'{name}.log'), 'w')
    proc = subprocess.Popen([vigie, 'watch', '--config', config, '--once'], stdout=log, stderr=subprocess.STDOUT,
                            cwd=work)
    proc.log_path = log.name
    proc.name = name
    return proc


def polled(proc):
    """How many sources a worker's pass polled, from its log."""
    m = re.search(r'cycle 1: (\d+) sources?', open(proc.log_path).read())
    return int(m.group(1)) if m else 0


def wait_all(procs, limit=1800):
    deadline = time.time() + limit
    for p in procs:
        p.wait(timeout=max(1, deadline - time.time()))
    return [p.returncode for p in procs]


def reset_server():
    with Handler.lock:
        Handler.max_in_flight = {}
        Handler.requests = 0


def politeness():
    worst = max(Handler.max_in_flight.values() or [0])
    return f'at most {worst} request(s) in flight per host ({Handler.requests} requests)', worst <= 1


def run_sqlite_reference(args, work, port):
    path = os.path.join(work, 'reference.db')
    config = os.path.join(work, 'sqlite.yaml')
    write_config(config, f'storage:\n  path: {path}\n', port, args.sources)
    reset_server()
    start = time.time()
    codes = wait_all([start_worker(args.vigie, config, work, 'sqlite')])
    print(f'  1 worker on SQLite: exit {codes[0]}, {time.time() - start:.1f} s; {politeness()[0]}')
    return snapshot_sqlite(path)


def migrate(vigie, config, work, name='migrate'):
    out = subprocess.run([vigie, 'migrate', '--config', config], capture_output=True, text=True, cwd=work)
    if out.returncode != 0:
        raise SystemExit(f'vigie migrate failed: {out.stdout}{out.stderr}')


def scenario_same(args, work, port, admin, reference):
    print('same: 4 workers on PostgreSQL against 1 on SQLite')
    url = fresh_database(admin, 'fleet_same')
    config = os.path.join(work, 'same.yaml')
    write_config(config, f'storage:\n  url: {url}\n', port, args.sources)
    migrate(args.vigie, config, work)
    reset_server()
    start = time.time()
    codes = wait_all([start_worker(args.vigie, config, work, f'same-{k}') for k in range(args.workers)])
    text, polite = politeness()
    print(f'  {args.workers} workers on PostgreSQL: exits {codes}, {time.time() - start:.1f} s; {text}')
    ok = compare('PostgreSQL', reference, snapshot_postgres(url)) and polite and codes == [0] * args.workers
    print('  same:', 'OK' if ok else 'FAILED')
    return ok


def scenario_chaos(args, work, port, admin, reference):
    lease = args.lease
    print(f'chaos: {args.workers} workers, one kill -9ed, one SIGSTOPped past its {lease} s lease')
    url = fresh_database(admin, 'fleet_chaos')
    config = os.path.join(work, 'chaos.yaml')
    write_config(config, f'storage:\n  url: {url}\n', port, args.sources, lease=f'{lease}s')
    migrate(args.vigie, config, work)
    reset_server()
    # Slower answers, so that the pass is still running when the two workers are hit.
    delay, Handler.delay = Handler.delay, args.chaos_delay
    start = time.time()
    workers = [start_worker(args.vigie, config, work, f'chaos-{k}') for k in range(args.workers)]
    time.sleep(args.chaos_after)
    killed, stopped = workers[0], workers[1]
    killed.send_signal(signal.SIGKILL)
    stopped.send_signal(signal.SIGSTOP)
    print(f'  t={time.time() - start:.1f} s: kill -9 {killed.name}, SIGSTOP {stopped.name}')
    wait_all(workers[2:])
    print(f'  t={time.time() - start:.1f} s: the other {args.workers - 2} workers finished their pass '
          f'({sum(polled(p) for p in workers[2:])} sources polled)')
    time.sleep(max(0, start + args.chaos_after + lease + 2 - time.time()))
    # The next timer tick: two fresh workers take over the expired leases.
    second = [start_worker(args.vigie, config, work, f'chaos-next-{k}') for k in range(2)]
    wait_all(second)
    taken = sum(polled(p) for p in second)
    print(f'  t={time.time() - start:.1f} s: a second round of 2 workers finished: they polled {taken} sources '
          f'(the hosts whose leases the killed and the stopped worker held, expired)')
    stopped.send_signal(signal.SIGCONT)
    wait_all([stopped])
    killed.wait()
    print(f'  t={time.time() - start:.1f} s: {stopped.name} resumed and exited {stopped.returncode}')
    Handler.delay = delay
    log = open(stopped.log_path).read()
    # Refused either by its fence ("lease lost, fetch not written") or, when it was stopped inside a
    # transaction, by PostgreSQL ending that transaction (the worker then exits: "nothing of it was written").
    refused = log.count('lease lost') + log.count('nothing of it was written')
    print(f'  {stopped.name} log: {log.count("lease lost")} "lease lost" line(s), '
          f'{log.count("nothing of it was written")} transaction(s) ended by PostgreSQL')
    for needle in ('lease lost', 'no answer from the database'):
        for line in log.splitlines():
            if needle in line:
                print('    ' + line[:240])
                break
    text, polite = politeness()
    print(f'  {text}')
    ok = compare('PostgreSQL after chaos', reference, snapshot_postgres(url)) and polite and refused > 0
    print('  chaos:', 'OK' if ok else 'FAILED')
    return ok


def scenario_migrate(args, work, port, admin):
    print('migrate: 4 `vigie migrate` started together on an empty database')
    url = fresh_database(admin, 'fleet_migrate')
    config = os.path.join(work, 'migrate.yaml')
    write_config(config, f'storage:\n  url: {url}\n', port, args.sources)
    procs = [subprocess.Popen([args.vigie, 'migrate', '--config', config], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, cwd=work) for _ in range(4)]
    outputs = [p.communicate()[0] for p in procs]
    rows = psql(url, 'SELECT version, name FROM vigie_migration ORDER BY version')
    names = [name.strip() for o in outputs for line in o.splitlines() if ': applied ' in line
             for name in line.split(': applied ', 1)[1].split(',')]
    once = sorted(names) == sorted(r[1] for r in rows) and len(rows) > 0
    for k, o in enumerate(outputs):
        print(f'  migrate {k}: exit {procs[k].returncode}: {" / ".join(o.strip().splitlines())[:160]}')
    print(f'  vigie_migration: {len(rows)} rows, {len({r[0] for r in rows})} distinct versions '
          f'({", ".join(r[1] for r in rows)}); applied by the 4 processes: {len(names)} in all, '
          f'{"each once" if once else "NOT each once"}')
    ok = once and all(p.returncode == 0 for p in procs)
    print('  migrate:', 'OK' if ok else 'FAILED')
    return ok


def postgres_cpu(url):
    """CPU seconds used so far by the cluster: the postmaster and its children, live and reaped."""
    pid = int(psql(url, "SELECT pg_postmaster_start_time() IS NOT NULL, "
                        "(SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer')")[0][1])
    parent = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])
    tick = os.sysconf('SC_CLK_TCK')
    total = 0
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            fields = open(f'/proc/{entry}/stat').read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(entry) == parent:
            total += sum(int(x) for x in fields[11:15])
        elif int(fields[1]) == parent:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def scenario_throughput(args, work, port, admin):
    print('throughput: mentions stored per second by 1, 2 and 4 workers into one PostgreSQL')
    results = []
    for workers in (1, 2, 4):
        url = fresh_database(admin, f'fleet_tp{workers}')
        config = os.path.join(work, f'tp{workers}.yaml')
        write_config(config, f'storage:\n  url: {url}\n', port, args.sources)
        migrate(args.vigie, config, work)
        commits0 = int(psql(url, 'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')[0][0])
        cpu0 = postgres_cpu(url)
        reset_server()
        start = time.time()
        procs = [start_worker(args.vigie, config, work, f'tp{workers}-{k}') for k in range(workers)]
        usage = []
        for p in procs:
            _, status, ru = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            usage.append(ru.ru_utime + ru.ru_stime)
        seconds = time.time() - start
        cpu = postgres_cpu(url) - cpu0
        commits = int(psql(url, 'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')[0][0]) - commits0
        mentions = int(psql(url, 'SELECT count(*) FROM mention')[0][0])
        fetches = args.sources
        results.append((workers, seconds, mentions, commits, cpu, sum(usage)))
        print(f'  {workers} worker(s): {mentions} mentions in {seconds:.1f} s = {mentions / seconds:,.0f} mentions/s; '
              f'{commits} transactions = {commits / seconds:,.0f}/s ({commits / fetches:.1f} per fetch); '
              f'PostgreSQL CPU {cpu:.2f} s ({cpu / fetches * 1000:.1f} ms per fetch, '
              f'{cpu / max(mentions, 1) * 1000:.2f} ms per mention); workers CPU {sum(usage):.1f} s; '
              f'politeness: {politeness()[0]}')
    workers, seconds, mentions, commits, cpu, _ = results[-1]
    per_fetch = cpu / args.sources
    cores = os.cpu_count()
    print(f'  estimate: the record path costs PostgreSQL {per_fetch * 1000:.1f} ms of CPU per fetch of '
          f'{mentions / args.sources:.0f} new mentions; with {cores} cores for PostgreSQL alone that is '
          f'{cores * 900 / per_fetch:,.0f} such fetches per 15 minutes. Steady state is mostly 304s and a few new '
          f'entries per fetch, so that is a floor on the sources one PostgreSQL serves at a 15-minute interval.')
    return True


def start_cluster():
    out = subprocess.run(['bash', os.path.join(ROOT, 'scripts/test-postgres-cluster.sh'), 'start'],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f'could not start a PostgreSQL cluster: {out.stderr}')
    env = dict(re.findall(r"export (\w+)='?([^'\n]*)'?", out.stdout))
    return env['VIGIE_TEST_POSTGRES_URL'], env['VIGIE_TEST_POSTGRES_DIR']


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--vigie', required=True)
    ap.add_argument('--postgres', help='an admin URL of a PostgreSQL cluster whose databases may be created and '
                                       'dropped (default: a throwaway cluster)')
    ap.add_argument('--sources', type=int, default=400)
    ap.add_argument('--items', type=int, default=30, help='entries per feed')
    ap.add_argument('--workers', type=int, default=4)
    ap.add_argument('--delay', type=float, default=0.05, help='seconds each response is held')
    ap.add_argument('--lease', type=int, default=20, help='lease in seconds for the chaos scenario')
    ap.add_argument('--chaos-after', type=float, default=3.0, help='seconds into the chaos pass the workers are hit')
    ap.add_argument('--chaos-delay', type=float, default=0.25, help='seconds each response is held in the chaos pass')
    ap.add_argument('--seed', type=int, default=16)
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('scenarios', nargs='*', default=['same', 'chaos', 'migrate', 'throughput'])
    args = ap.parse_args()
    args.vigie = os.path.abspath(args.vigie)

    now = int(time.time())
    feeds, stories = story_plan(args.seed, args.sources, args.items, now)
    Handler.feeds = {i: rss(i, items) for i, items in feeds.items()}
    Handler.delay = args.delay
    carried = sum(len(v) for v in feeds.values())
    server = Server(('0.0.0.0', 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f'feed server: {args.sources} feeds over 20 loopback addresses, {carried} items carrying {stories} stories, '
          f'{args.delay * 1000:.0f} ms per response, port {port}')

    cluster_dir = None
    admin = args.postgres
    if not admin:
        admin, cluster_dir = start_cluster()
        print(f'PostgreSQL: throwaway cluster {admin}')
    work = tempfile.mkdtemp(prefix='vigie-fleet-')
    results = {}
    try:
        reference = None
        if {'same', 'chaos', 'reference'} & set(args.scenarios):
            reference = run_sqlite_reference(args, work, port)
            print(f'  SQLite reference: {reference["rows"]} mentions, {len(reference["keys"])} distinct '
                  f'(story, brand), {len(reference["alerts"])} alerts: {reference["alerts"]}')
        for name in args.scenarios:
            if name == 'reference':
                results[name] = reference['duplicates'] == 0
            elif name == 'same':
                results[name] = scenario_same(args, work, port, admin, reference)
            elif name == 'chaos':
                results[name] = scenario_chaos(args, work, port, admin, reference)
            elif name == 'migrate':
                results[name] = scenario_migrate(args, work, port, admin)
            elif name == 'throughput':
                results[name] = scenario_throughput(args, work, port, admin)
            else:
                raise SystemExit(f'unknown scenario {name}')
    finally:
        if cluster_dir:
            env = dict(os.environ, VIGIE_TEST_POSTGRES_DIR=cluster_dir)
            subprocess.run(['bash', os.path.join(ROOT, 'scripts/test-postgres-cluster.sh'), 'stop'], env=env,
                           capture_output=True)
        if args.keep:
            print('kept', work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('result:', ', '.join(f'{k} {"OK" if v else "FAILED"}' for k, v in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == '__main__':
    main()
