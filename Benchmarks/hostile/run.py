#!/usr/bin/env python3
"""Hostile-network check: `vigie watch` among feeds that misbehave on purpose.

    Benchmarks/hostile/run.py --vigie .build/release/vigie [--good 20]

Serves on 127.0.0.1 (Python stdlib, loopback only):
  - GOOD ordinary RSS feeds that mention the brand Acme;
  - /retry.xml: 429 with `Retry-After: 9223372036854775807`;
  - /drip.xml: 200 and its headers, then one byte every 2 s, for ever;
  - /metadata.xml: 302 to http://169.254.169.254/latest/meta-data/;
  - /private.xml: 302 to http://10.0.0.1/feed.xml.
No packet ever leaves the machine: the two redirects are refused before any
connection is attempted, which `strace -f -e trace=connect` checks.

Then measures what issue 11 asks for, each with PASS or FAIL:
  1. `vigie watch --once` under strace: exit status, seconds (<= 90), good feeds'
     mentions stored, no connect() to 169.254.169.254 or 10.0.0.1;
  2. `vigie watch` under strace, SIGTERM while the drip is in flight: seconds to exit (<= 5);
  3. a second `vigie watch` on the same store while one runs: seconds to be refused (<= 5);
  4. `vigie sources`: what the misbehaving sources show.
"""
import argparse, http.server, json, os, re, shutil, signal, socketserver, subprocess, sys, tempfile, threading, time

FORBIDDEN = ["169.254.169.254", "10.0.0.1"]


def feed(index):
    items = ''.join(
        f'<item><guid>g{index}-{n}</guid><link>https://good{index}.example/{n}</link>'
        f'<title>Acme {"opens a new shop" if n % 2 else "outage again, a scandal"} ({index}-{n})</title></item>'
        for n in range(5))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Good {index}</title>'
            f'<link>https://good{index}.example/</link>{items}</channel></rss>').encode()


class Handler(http.server.BaseHTTPRequestHandler):
    good = 0
    drip_requests = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        m = re.match(r'^/good/(\d+)\.xml$', self.path)
        if m and int(m.group(1)) < Handler.good:
            body = feed(int(m.group(1)))
            self.send_response(200)
            self.send_header('Content-Type', 'application/rss+xml')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == '/retry.xml':
            self.send_response(429)
            self.send_header('Retry-After', '9223372036854775807')
            self.send_header('Content-Length', '0')
            self.end_headers()
        elif self.path == '/drip.xml':
            with Handler.lock:
                Handler.drip_requests += 1
            self.send_response(200)
            self.send_header('Content-Type', 'application/rss+xml')
            self.send_header('Content-Length', '1000000')
            self.end_headers()
            try:
                for byte in b'<?xml version="1.0"?><rss version="2.0"><channel>' * 1000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
        elif self.path == '/metadata.xml':
            self.redirect('http://169.254.169.254/latest/meta-data/')
        elif self.path == '/private.xml':
            self.redirect('http://10.0.0.1/feed.xml')
        else:
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()

    def redirect(self, location):
        self.send_response(302)
        self.send_header('Location', location)
        self.send_header('Content-Length', '0')
        self.end_headers()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def forbidden_connects(trace_path):
    with open(trace_path, errors='replace') as trace:
        return [line.strip() for line in trace if 'connect(' in line and any(a in line for a in FORBIDDEN)]


def mention_count(vigie, config):
    out = subprocess.run([vigie, 'mentions', '--config', config, '--since', '36500d', '--format', 'jsonl'],
                         capture_output=True, text=True, check=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--vigie', default='.build/release/vigie')
    parser.add_argument('--good', type=int, default=20)
    args = parser.parse_args()
    vigie = os.path.abspath(args.vigie)
    Handler.good = args.good
    server = Server(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{server.server_address[1]}'
    work = tempfile.mkdtemp(prefix='vigie-hostile-')
    config = os.path.join(work, 'vigie.yaml')
    sources = [f'{base}/good/{i}.xml' for i in range(args.good)]
    sources += [f'{base}/retry.xml', f'{base}/drip.xml', f'{base}/metadata.xml', f'{base}/private.xml']
    with open(config, 'w') as out:
        out.write('storage:\n  path: vigie.db\nbrands:\n  - name: Acme\n    terms: [Acme]\nsources:\n')
        for url in sources:
            out.write(f'  - url: {url}\n')
    results = []

    def check(name, ok, detail):
        results.append((name, ok))
        print(f'{"PASS" if ok else "FAIL"}  {name}: {detail}', flush=True)

    # 1. --once under strace.
    trace = os.path.join(work, 'once.trace')
    started = time.monotonic()
    once = subprocess.run(['strace', '-f', '-e', 'trace=connect', '-o', trace, vigie, 'watch', '--config', config,
                           '--once'], capture_output=True, text=True)
    seconds = time.monotonic() - started
    stored = mention_count(vigie, config)
    check('--once finishes', once.returncode == 0 and seconds <= 90,
          f'exit {once.returncode} in {seconds:.1f} s (limit 90 s); stdout: {once.stdout.strip()}')
    check('--once stores the good feeds', stored == 5 * args.good, f'{stored} mentions (expected {5 * args.good})')
    bad = forbidden_connects(trace)
    check('--once connects to no forbidden address', not bad, f'{len(bad)} connect() to {FORBIDDEN}: {bad[:3]}')

    # 2. The long-running watcher, SIGTERM while the drip is in flight.
    for name in os.listdir(work):
        if name.startswith('vigie.db'):
            os.remove(os.path.join(work, name))
    trace = os.path.join(work, 'watch.trace')
    Handler.drip_requests = 0
    log = open(os.path.join(work, 'watch.log'), 'w')
    watcher = subprocess.Popen(['strace', '-f', '-e', 'trace=connect', '-o', trace, vigie, 'watch', '--config',
                                config], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while Handler.drip_requests == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(3)  # the good feeds stored, the drip dripping
    stored_running = mention_count(vigie, config)

    # 3. A second watcher on the same store.
    started = time.monotonic()
    second = subprocess.run([vigie, 'watch', '--config', config, '--once'], capture_output=True, text=True)
    refused_in = time.monotonic() - started
    check('a second watcher is refused', second.returncode != 0 and refused_in <= 5 and 'already watching' in
          second.stderr, f'exit {second.returncode} in {refused_in:.2f} s: {second.stderr.strip()[:240]}')

    # SIGTERM to vigie itself (strace's child), as systemd or Ctrl-C would send it; strace ends with it.
    children = subprocess.run(['pgrep', '-P', str(watcher.pid)], capture_output=True, text=True).stdout.split()
    target = int(children[0]) if children else watcher.pid
    started = time.monotonic()
    os.kill(target, signal.SIGTERM)
    try:
        status = watcher.wait(timeout=60)
    except subprocess.TimeoutExpired:
        watcher.kill()
        status = watcher.wait()
    stopped_in = time.monotonic() - started
    log.close()
    check('the watcher keeps storing the good feeds', stored_running == 5 * args.good,
          f'{stored_running} mentions while running (drip in flight: {Handler.drip_requests} request(s))')
    check('SIGTERM during a cycle', status == 0 and stopped_in <= 5, f'exit {status} in {stopped_in:.2f} s (limit 5 s)')
    bad = forbidden_connects(trace)
    check('the watcher connects to no forbidden address', not bad, f'{len(bad)} connect() to {FORBIDDEN}')

    # 4. What the sources say.
    listing = subprocess.run([vigie, 'sources', '--config', config, '--format', 'jsonl'], capture_output=True,
                             text=True).stdout
    for line in listing.splitlines():
        state = json.loads(line)
        if '/good/' not in state.get('url', ''):
            print(f'      {state.get("url")}: {state.get("status")} | {state.get("last_error")}')
    print(f'{sum(ok for _, ok in results)} passed, {sum(not ok for _, ok in results)} failed')
    shutil.rmtree(work, ignore_errors=True)
    server.shutdown()
    sys.exit(0 if all(ok for _, ok in results) else 1)


if __name__ == '__main__':
    main()
