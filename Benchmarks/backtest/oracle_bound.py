#!/usr/bin/env python3
"""How early could any detector catch the crisis benchmark's crises? An oracle's answer.

    python3 Benchmarks/backtest/oracle_bound.py --crisis ../shared/eval/crisis [--seeds 1-5]

Issue 5 asks for recall >= 0.93, at most 0.10 false alarms per brand-month and a
median detection delay of at most 3 h on `shared/eval/crisis`. The median is
under 3 h only if more than half the crises are raised by the end of their third
hour. This script bounds how many can be, whatever the detector, by giving an
oracle what no detector has: the generator's own parameters (read from
`crisislib.py`, so it needs that folder). For every brand and hour it knows

- the true negative share of the hour, so that, given the hour's mentions, its
  negatives follow an exact binomial law (volume noise and surges cancel out);
- the true expected negatives of the hour (daily and weekly rhythm, trend,
  day noise, steps), and the hourly gamma noise (shape 10) of the generator.

At each hour it tests every window of 1 to 24 hours ending there, with the
detector's minimum counts (5 negatives, 4 over the baseline):

- `share`: binomial tail under the true share <= alpha;
- `share+count`: the share test <= 1e-5, or the share test <= CONFIRM and the
  negative-binomial count tail against the true expected negatives <= alpha
  (the share confirmation keeps surges out, as in `BrandDetector`).

A crisis counts as caught by 3 h when a window ending in its first three hours
fires. A false alarm is a firing hour outside crisis windows (plus 6 h), after
a 7-day warm-up, with a 24 h cooldown, counted per brand-month as the
benchmark's scorer does. Python 3 standard library only; about 20 s per row.
"""
import argparse, collections, datetime, math, os, sys

WINDOWS = 24


def binomial_tail(k, n, p):
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    lp, lq, total = math.log(p), math.log1p(-p), 0.0
    for i in range(k, n + 1):
        term = math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
        total += term
        if term < total * 1e-12:
            break
    return min(1.0, total)


def negative_binomial_tail(k, mean, size):
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    p = mean / (mean + size)
    term = math.exp(math.lgamma(k + size) - math.lgamma(size) - math.lgamma(k + 1) + size * math.log1p(-p)
                    + k * math.log(p))
    total, j = term, k
    while j < k + 100_000:
        ratio = (j + size) / (j + 1) * p
        term *= ratio
        total += term
        j += 1
        if term < total * 1e-12 and ratio < 1:
            break
    return min(1.0, total)


def seconds(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def load(lib, seed):
    """The generator's brands (captured as it makes them), hourly counts and truth for one seed."""
    brands = []
    make = lib._make_brand

    def capture(*args, **kwargs):
        brand = make(*args, **kwargs)
        brands.append(brand)
        return brand

    lib._make_brand = capture
    try:
        rows, truth = lib.generate(seed)
    finally:
        lib._make_brand = make
    by_name = {brand.name: brand for brand in brands}
    counts = collections.defaultdict(lambda: [0, 0])
    for time, name, score, _ in rows:
        brand = by_name[name]
        cell = counts[(name, (time - brand.start) // 3600)]
        cell[0] += 1
        cell[1] += score <= lib.NEG_THRESHOLD
    return brands, by_name, counts, truth


def best_probability(lib, brand, counts, end, floor, mode, alpha, confirm):
    """The smallest deciding probability over the windows ending at hour `end`, not before `floor`."""
    n = k = 0
    usual = expected = spread = 0.0
    best = 1.0
    for length in range(1, WINDOWS + 1):
        hour = end - length + 1
        if hour < floor:
            break
        share = brand.s_neg0 * (1 + brand.neg_drift * hour / brand.hours)
        mentions, negatives = counts.get((brand.name, hour), (0, 0))
        n += mentions
        k += negatives
        usual += mentions * share
        lam = lib._base_lambda(brand, hour) * share
        expected += lam
        spread += lam * lam / 10  # the generator's hourly gamma noise, shape 10
        if n == 0 or k < 5 or k - max(usual, expected) < 4:
            continue
        p_share = binomial_tail(k, n, usual / n)
        if mode == "share":
            best = min(best, p_share)
        elif p_share <= 1e-5:
            return 0.0
        elif p_share <= confirm:
            best = min(best, negative_binomial_tail(k, expected, expected * expected / spread))
        if best <= alpha:
            return best
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crisis", required=True, help="the folder of shared/eval/crisis (crisislib.py)")
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--confirm", type=float, default=3e-3, help="share confirmation of the count test")
    parser.add_argument("--alphas", default="1e-6,1e-5,1e-4,1e-3")
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.crisis))
    import crisislib as lib

    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)
    alphas = [float(a) for a in args.alphas.split(",")]
    data = [load(lib, seed) for seed in seeds]
    crises = sum(len(truth["crises"]) for _, _, _, truth in data)
    brand_months = sum(brand.days / 30 for brands, _, _, _ in data for brand in brands)
    print(f"seeds {args.seeds}: {crises} crises, {brand_months:.1f} brand-months; "
          f"a median delay <= 3 h needs about {crises // 2 + 1} caught by 3 h")
    print("mode         alpha   caught by 3 h   false alarms (per brand-month)")
    for mode in ("share", "share+count"):
        for alpha in alphas:
            caught = alarms = 0
            for brands, by_name, counts, truth in data:
                excluded = collections.defaultdict(set)
                for crisis in truth["crises"]:
                    brand = by_name[crisis["brand"]]
                    start = (seconds(crisis["start"]) - brand.start) // 3600
                    end = (seconds(crisis["end"]) - brand.start) // 3600
                    excluded[brand.name].update(range(start, end + 7))
                    if any(best_probability(lib, brand, counts, start + i, 0, mode, alpha, args.confirm) <= alpha
                           for i in range(3)):
                        caught += 1
                for brand in brands:
                    last_alarm = -10**9
                    for hour in range(168, brand.hours):
                        if hour in excluded[brand.name] or hour - last_alarm < 24:
                            continue
                        floor = hour - WINDOWS + 1
                        while floor <= hour and any(h in excluded[brand.name] for h in range(floor, hour + 1)):
                            floor += 1
                        if best_probability(lib, brand, counts, hour, floor, mode, alpha, args.confirm) <= alpha:
                            alarms += 1
                            last_alarm = hour
            print(f"{mode:<12} {alpha:<7.0e} {caught:>13}   {alarms:>5} ({alarms / brand_months:.3f})", flush=True)


if __name__ == "__main__":
    main()
