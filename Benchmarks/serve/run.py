#!/usr/bin/env python3
"""`vigie serve` benchmark: answer times and memory on a store of 5 million mentions.

    Benchmarks/serve/run.py --vigie .build-rel/release/vigie [--dir /tmp/vigie-serve-bench] [--requests 200]

Makes the store with Benchmarks/export/generate.py (5 million mentions over the last 365 days, 10 brands)
unless DIR/bench.db exists, starts `vigie serve --no-watch` on a free loopback port, then sends REQUESTS
sequential requests to each of:

    /                                  the main page (30 days, daily buckets, every brand)
    /api/v1/mentions                   the newest 50 mentions and the total
    /api/v1/timeline?bucket=day        30 days of daily buckets for every brand

and prints the median, 95th percentile and maximum answer time of each, and the server's resident memory
(VmRSS and its peak VmHWM from /proc). Targets (issue 15): p95 under 100 ms for the first two, under 200 ms
for the timeline, under 150 MiB of memory. Exits 1 when a target is missed. Standard library only.
"""
import argparse, datetime, os, re, subprocess, sys, time, urllib.request

TARGETS = [("/", 100), ("/api/v1/mentions", 100), ("/api/v1/timeline?bucket=day", 200)]
MEMORY_TARGET_MIB = 150


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", required=True, help="the vigie binary (release build)")
    parser.add_argument("--dir", default="/tmp/vigie-serve-bench")
    parser.add_argument("--mentions", type=int, default=5_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    config = os.path.join(args.dir, "bench.yaml")
    if not os.path.exists(os.path.join(args.dir, "bench.db")):
        start = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=365)).strftime("%Y-%m-%d")
        subprocess.run([sys.executable, os.path.join(here, "..", "export", "generate.py"), "--vigie", args.vigie,
                        "--dir", args.dir, "--mentions", str(args.mentions), "--start", start], check=True)

    server = subprocess.Popen([args.vigie, "serve", "--config", config, "--no-watch", "--listen", "127.0.0.1:0"],
                              stderr=subprocess.PIPE, text=True)
    base = None
    for line in server.stderr:
        match = re.search(r"serving the dashboard on (http://[0-9.]+:[0-9]+)/", line)
        if match:
            base = match.group(1)
            break
    if base is None:
        sys.exit("vigie serve did not start")
    try:
        failed = False
        print(f"{'request':34} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'target':>7}")
        for path, target in TARGETS:
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                with urllib.request.urlopen(base + path) as response:
                    response.read()
                    if response.status != 200:
                        sys.exit(f"{path}: HTTP {response.status}")
                times.append((time.perf_counter() - began) * 1000)
            times.sort()
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            failed |= p95 >= target
            print(f"GET {path:30} {times[len(times) // 2]:10.1f} {p95:8.1f} {times[-1]:8.1f} {'<' + str(target):>7}"
                  f"{'' if p95 < target else '  MISSED'}")
        status = open(f"/proc/{server.pid}/status").read()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        print(f"server memory: {rss:.1f} MiB resident, peak {peak:.1f} MiB (target < {MEMORY_TARGET_MIB} MiB)")
        failed |= peak >= MEMORY_TARGET_MIB
        sys.exit(1 if failed else 0)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
