#!/usr/bin/env python3
"""Writes the speed benchmark's mention history for `vigie backtest --mentions`.

    Benchmarks/backtest/generate.py --brands 100 --days 365 --rate 11.4 --out /tmp/backtest-speed.csv

Hourly Poisson volumes with a daily rhythm, ~12 % negative scores, a few injected negative waves, rows
sorted by time (as a store export would be). The defaults give about 10 million rows (~380 MB).
Deterministic for a given --seed. Python 3 standard library only.
"""
import argparse
import math
import random
import sys
from datetime import datetime, timezone

DAILY = [0.3, 0.2, 0.15, 0.12, 0.12, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.35,
         1.4, 1.35, 1.3, 1.3, 1.35, 1.4, 1.5, 1.5, 1.45, 1.25, 0.9, 0.55]


def poisson(rng, lam):
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--brands", type=int, default=100)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--rate", type=float, default=11.4, help="mean mentions per hour and brand")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--waves", type=int, default=4, help="negative waves injected per brand (0: a quiet history)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    mean_daily = sum(DAILY) / 24
    start = int(datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp())
    brands = []
    for i in range(a.brands):
        rate = a.rate * math.exp(rng.uniform(-1.0, 1.0)) / 1.175  # mean of exp(U(-1,1)) is 1.175
        waves = {rng.randrange(0, max(1, a.days * 24 - 12)) for _ in range(a.waves)}
        brands.append(("brand%03d" % i, rate, rng.uniform(0.07, 0.16), rng.randrange(24), waves))
    rows = 0
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("time,brand,score,lang\n")
        for h in range(a.days * 24):
            t0 = start + h * 3600
            stamps = {}
            lines = []
            for name, rate, neg, shift, waves in brands:
                lam = rate * DAILY[(h + shift) % 24] / mean_daily
                extra = 0
                for w in waves:
                    if w <= h < w + 12:
                        extra += poisson(rng, 6.0 * math.exp(-(h - w) / 4.0))
                for _ in range(poisson(rng, lam)):
                    u = rng.random()
                    score = -round(rng.uniform(0.08, 0.98), 4) if u < neg else (
                        round(rng.uniform(0.08, 0.98), 4) if u < neg + 0.35 else 0.0)
                    lines.append((rng.randrange(3600), name, score))
                for _ in range(extra):
                    lines.append((rng.randrange(3600), name, -round(rng.uniform(0.3, 0.98), 4)))
            lines.sort()
            for off, name, score in lines:
                s = stamps.get(off)
                if s is None:
                    s = stamps[off] = datetime.fromtimestamp(t0 + off, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                f.write("%s,%s,%s,%s\n" % (s, name, score, "fr" if off & 1 else "en"))
            rows += len(lines)
    print("%d rows, %d brands, %d days -> %s" % (rows, a.brands, a.days, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
