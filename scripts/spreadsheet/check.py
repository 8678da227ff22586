#!/usr/bin/python3
"""Opens Vigie's exports in a real spreadsheet and checks every cell (issue 22).

    /usr/bin/python3 scripts/spreadsheet/check.py --vigie .build/debug/vigie [--keep DIR] [--png FILE]

Makes a small store (three brands, titles with `,` `;` tabs, quotes, formulas,
accents, emoji, CJK and Cyrillic, the night Paris goes back from summer time),
exports it in every form Vigie writes (export timeline and export mentions in
the standard, `--excel --locale fr` and `--excel --locale en` dialects and as
xlsx, `vigie mentions --format csv`), imports each CSV into LibreOffice Calc
(headless, a private profile) with Calc's dialog defaults (separators `,` `;`
and tab) in French and in English, with and without "Detect special numbers",
formula evaluation on, converts to .xlsx, opens the xlsx exports too, and reads
every cell back with openpyxl. `--png` also renders the timeline workbook's
chart sheet as LibreOffice draws it (that needs libreoffice-draw-nogui too).

Needs Debian's libreoffice-calc-nogui and python3-openpyxl (run it with
/usr/bin/python3, which sees Debian's packages). Exits 1 with the list of
failures, 0 with a summary.
"""
import argparse, collections, datetime, json, os, shutil, subprocess, sys, tempfile, time, zipfile

try:
    import openpyxl
except ImportError:
    sys.exit("check.py: openpyxl is missing: apt-get install -y python3-openpyxl, and run with /usr/bin/python3")

BRANDS = ["Cerise", "Nordane", "Skylark"]
# (UTC time, title): the titles are what a spreadsheet mangles; every one names a brand.
STORIES = [
    ("2026-10-24T22:10:00Z", "Cerise, la box : panne géante « inacceptable »"),
    ("2026-10-24T23:20:00Z", "Nordane; Banque Nordane relève ses frais, encore"),
    ("2026-10-25T00:15:00Z", '=HYPERLINK("http://example.invalid","x") Cerise'),
    ("2026-10-25T00:40:00Z", "+Cerise en hausse de 5 %"),
    ("2026-10-25T01:05:00Z", "-Cerise : une panne terrible, un scandale"),
    ("2026-10-25T01:30:00Z", "@everyone Skylark merci pour le vol, super"),
    ("2026-10-25T01:45:00Z", 'Skylark "delayed" again; refund refused'),
    ("2026-10-25T02:10:00Z", "Œuvre de Nordane 📉 中文 кириллица"),
    ("2026-10-25T03:00:00Z", "Cerise\tavec une tabulation"),
    ("2026-10-25T04:20:00Z", "Skylark, great flight: I love it"),
]
SINCE, UNTIL = "2026-10-24T22:00:00Z", "2026-10-25T05:00:00Z"
ZONE = "Europe/Paris"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# LibreOffice's CSV filter options: separators, quote, UTF-8, first line, column types, language,
# quoted field as text, detect special numbers, (export) as shown, (export) formulas, remove spaces,
# (export) sheets, evaluate formulas. The dialog's defaults: `,` `;` and tab, no special numbers.
LANGUAGES = {"fr": 1036, "en": 1033}


def csv_filter(language, special):
    return f"CSV:44/59/9,34,76,1,,{LANGUAGES[language]},false,{'true' if special else 'false'},false,false,false,-1,true"


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def expect(self, condition, message):
        self.checks += 1
        if not condition:
            self.failures.append(message)


def run(arguments, **options):
    result = subprocess.run(arguments, capture_output=True, text=True, **options)
    if result.returncode != 0:
        sys.exit(f"check.py: {' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def make_store(vigie, folder):
    with open(os.path.join(folder, "vigie.yaml"), "w") as config:
        config.write("storage:\n  path: vigie.db\nbrands:\n")
        for brand in BRANDS:
            config.write(f"  - name: {brand}\n    terms: [{brand}]\n")
        config.write("sources:\n  - url: file://feed.xml\n    name: Presse\n")
    items = []
    for index, (stamp, title) in enumerate(STORIES):
        when = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").strftime("%a, %d %b %Y %H:%M:%S GMT")
        items.append(
            f"<item><guid>s{index}</guid><title>{xml_escape(title)}</title>"
            f"<link>https://presse.example/article/{index}?a=1&amp;b=2</link>"
            f"<description>{xml_escape(title)} — suite de l'article.</description><pubDate>{when}</pubDate></item>")
    with open(os.path.join(folder, "feed.xml"), "w", encoding="utf-8") as feed:
        feed.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title>'
                   "<link>https://presse.example/</link>" + "".join(items) + "</channel></rss>")
    run([vigie, "watch", "--config", "vigie.yaml", "--once"], cwd=folder)
    lines = run([vigie, "mentions", "--config", "vigie.yaml", "--since", "36500d", "--format", "jsonl"], cwd=folder)
    return [json.loads(line) for line in lines.splitlines() if line.strip()]


def export(vigie, folder):
    """Every CSV and workbook Vigie writes, by name."""
    period = ["--config", "vigie.yaml", "--tz", ZONE]
    timeline = ["export", "timeline", *period, "--bucket", "hour", "--since", SINCE, "--until", UNTIL]
    mentions = ["export", "mentions", *period]
    dialects = {"standard": [], "fr": ["--excel", "--locale", "fr"], "en": ["--excel", "--locale", "en"]}
    files = {}
    for name, options in dialects.items():
        for kind, command in (("timeline", timeline), ("mentions", mentions)):
            files[f"{kind}-{name}.csv"] = (kind, name)
            run([vigie, *command, *options, "-o", f"{kind}-{name}.csv"], cwd=folder)
    listing = run([vigie, "mentions", "--config", "vigie.yaml", "--since", "36500d", "--format", "csv"], cwd=folder)
    with open(os.path.join(folder, "list-standard.csv"), "w", encoding="utf-8", newline="") as out:
        out.write(listing)
    files["list-standard.csv"] = ("mentions", "standard")
    # Controls: what the checks must catch, so that a blind check fails.
    with open(os.path.join(folder, "control-formula.csv"), "w", newline="") as out:
        out.write('title\r\n=HYPERLINK("http://example.invalid","x")\r\n')
    with open(os.path.join(folder, "control-spill.csv"), "w", newline="") as out:
        out.write("brand,title\r\nNordane,Nordane; Banque Nordane\r\n")
    for kind in ("timeline", "mentions"):
        run([vigie, *(timeline if kind == "timeline" else mentions), "--format", "xlsx", "-o", f"{kind}.xlsx"],
            cwd=folder)
    return files


def soffice(folder, profile, outdir, target, sources, infilter=None):
    arguments = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    if infilter:
        arguments.append(f"--infilter={infilter}")
    arguments += ["--convert-to", target, "--outdir", outdir, *sources]
    run(arguments, cwd=folder, timeout=300)


def rows_of(path):
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def cell_text(value):
    return "" if value is None else str(value)


def expected_cell(text):
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def check_csv_import(check, path, kind, dialect, language, special, mentions):
    rows = rows_of(path)
    label = f"{os.path.basename(path)} ({language}, special numbers {'on' if special else 'off'})"
    formulas = [c.coordinate for row in rows for c in row if c.data_type == "f"]
    check.expect(not formulas, f"{label}: formula cells {formulas[:5]}")
    header = [cell_text(c.value) for c in rows[0] if c.value is not None]
    spilled = [i + 1 for i, row in enumerate(rows) if any(c.value is not None for c in row[len(header):])]
    check.expect(not spilled, f"{label}: rows {spilled} spill past the {len(header)} header columns")
    body = rows[1:]
    columns = {name: index for index, name in enumerate(header)}
    if kind == "mentions":
        check.expect(len(body) == len(mentions), f"{label}: {len(body)} rows for {len(mentions)} mentions")
        got = sorted((cell_text(r[columns["brand"]].value), cell_text(r[columns["title"]].value),
                      cell_text(r[columns["text"]].value)) for r in body)
        want = sorted((m["brand"], expected_cell(m["title"]), expected_cell(m["text"])) for m in mentions)
        check.expect(got == want, f"{label}: texts differ: {[g for g in got if g not in want][:3]}")
        scores = [r[columns["score"]].value for r in body]
        # Decimals are read in the locale they were written for (the standard CSV's points by English).
        if dialect == language or (dialect == "standard" and language == "en"):
            check.expect(all(isinstance(s, (int, float)) for s in scores), f"{label}: scores not numbers {scores[:3]}")
        return
    # Timeline.
    counts = [r[columns["mentions"]].value for r in body]
    check.expect(all(isinstance(c, int) for c in counts), f"{label}: counts not numbers {counts[:3]}")
    per_brand = collections.Counter()
    for r in body:
        per_brand[cell_text(r[columns["brand"]].value)] += r[columns["mentions"]].value or 0
    want_brand = collections.Counter(m["brand"] for m in mentions)
    check.expect(per_brand == want_brand, f"{label}: per-brand totals {dict(per_brand)} != {dict(want_brand)}")
    if dialect == "standard" or dialect != language:
        return
    # The spreadsheet dialect in its own locale: decimals are numbers, dates are dates (with special numbers).
    for name in ("mean_score", "negative_share"):
        for r in body:
            value, count = r[columns[name]].value, r[columns["mentions"]].value
            ok = value is None if count == 0 else isinstance(value, (int, float))
            check.expect(ok, f"{label}: {name} {value!r} for {count} mentions")
    starts = [(r[columns["bucket_start"]].value, cell_text(r[columns["utc_offset"]].value)) for r in body]
    if special:
        check.expect(all(isinstance(s, datetime.datetime) for s, _ in starts), f"{label}: dates {starts[:2]}")
    per_brand_starts = [(s, o, cell_text(r[columns["brand"]].value)) for (s, o), r in zip(starts, body)]
    check.expect(len(set(per_brand_starts)) == len(per_brand_starts), f"{label}: two buckets share a start")
    twice = [o for s, o in starts[: len(starts) // len(BRANDS)] if str(s).startswith("2026-10-25 02:00")]
    check.expect(twice == ["UTC+02:00", "UTC+01:00"], f"{label}: the 02:00 buckets are {twice}")


def check_workbook(check, path, kind, mentions, label):
    book = openpyxl.load_workbook(path)
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart") and n.endswith(".xml")]
        chart_xml = [archive.read(n).decode("utf-8") for n in charts]
    if kind == "timeline":
        sheet = book["Timeline"]
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        body = rows[1:]
        check.expect(book.sheetnames[0] == "Chart", f"{label}: first sheet {book.sheetnames}")
        check.expect(all(isinstance(r[header.index("mentions")], int) for r in body), f"{label}: counts")
        check.expect(all(isinstance(r[0], datetime.datetime) for r in body), f"{label}: bucket starts {body[0][:2]}")
        means = [(r[header.index("mean_score")], r[header.index("mentions")]) for r in body]
        check.expect(all((m is None) == (c == 0) and (m is None or isinstance(m, (int, float))) for m, c in means),
                     f"{label}: mean_score {means[:4]}")
        check.expect(len(charts) == len(BRANDS), f"{label}: {len(charts)} charts for {len(BRANDS)} brands")
        check.expect(all("lineChart" in x and x.count("<c:ser>") == 3 for x in chart_xml),
                     f"{label}: charts are not 3-series line charts")
        if "Vigie" in label:  # Calc keeps the autofilter when it saves, not the frozen pane of a headless view
            check.expect(sheet.freeze_panes == "A2", f"{label}: header not frozen ({sheet.freeze_panes})")
        check.expect(bool(sheet.auto_filter.ref), f"{label}: no autofilter")
        return
    sheet = book["Mentions"]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    body = rows[1:]
    check.expect(len(body) == len(mentions), f"{label}: {len(body)} rows for {len(mentions)} mentions")
    links = sorted(r[header.index("link")].hyperlink.target for r in body if r[header.index("link")].hyperlink)
    check.expect(links == sorted(m["link"] for m in mentions), f"{label}: hyperlinks {links[:2]}")
    check.expect(all(isinstance(r[0].value, datetime.datetime) for r in body), f"{label}: times")
    scores = [r[header.index("score")].value for r in body]
    check.expect(all(isinstance(s, (int, float)) for s in scores), f"{label}: scores {scores[:3]}")
    titles = sorted(r[header.index("title")].value for r in body)
    check.expect(titles == sorted(m["title"] for m in mentions), f"{label}: titles differ")
    check.expect(not [c for r in body for c in r if c.data_type == "f"], f"{label}: formula cells")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", required=True, help="the vigie binary")
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one, removed)")
    parser.add_argument("--png", help="also render the timeline workbook's chart sheet to this PNG")
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("check.py: soffice is missing: apt-get install -y libreoffice-calc-nogui")
    vigie = os.path.abspath(args.vigie)
    folder = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="vigie-spreadsheet-")
    os.makedirs(folder, exist_ok=True)
    began = time.monotonic()
    try:
        check = Checker()
        mentions = make_store(vigie, folder)
        check.expect(len(mentions) == len(STORIES), f"{len(mentions)} mentions stored for {len(STORIES)} stories")
        files = export(vigie, folder)
        profile = os.path.join(folder, "lo-profile")
        csvs = sorted(files) + ["control-formula.csv", "control-spill.csv"]
        settings = [(language, special) for language in LANGUAGES for special in (False, True)]
        for language, special in settings:
            outdir = os.path.join(folder, f"calc-{language}-{'special' if special else 'default'}")
            soffice(folder, profile, outdir, "xlsx", csvs, csv_filter(language, special))
            for name, (kind, dialect) in sorted(files.items()):
                path = os.path.join(outdir, name.replace(".csv", ".xlsx"))
                check_csv_import(check, path, kind, dialect, language, special, mentions)
            control = rows_of(os.path.join(outdir, "control-formula.xlsx"))
            check.expect(any(c.data_type == "f" for row in control for c in row),
                         f"control: an unneutralised formula is not a formula in Calc ({language}): the check is blind")
            spill = rows_of(os.path.join(outdir, "control-spill.xlsx"))
            check.expect(any(c.value is not None for c in spill[1][2:]),
                         f"control: an unquoted `;` does not spill ({language}): the check is blind")
        calc_books = os.path.join(folder, "calc-xlsx")
        soffice(folder, profile, calc_books, "xlsx", ["timeline.xlsx", "mentions.xlsx"])
        for kind in ("timeline", "mentions"):
            check_workbook(check, os.path.join(folder, f"{kind}.xlsx"), kind, mentions, f"{kind}.xlsx (Vigie)")
            check_workbook(check, os.path.join(calc_books, f"{kind}.xlsx"), kind, mentions,
                           f"{kind}.xlsx (opened and saved by Calc)")
        if args.png:
            pictures = os.path.join(folder, "png")
            soffice(folder, profile, pictures, "png", ["timeline.xlsx"])
            picture = os.path.join(pictures, "timeline.png")
            if not os.path.exists(picture):
                sys.exit("check.py: soffice drew no PNG: Calc's picture export needs libreoffice-draw-nogui")
            shutil.copyfile(picture, args.png)
        elapsed = time.monotonic() - began
        if check.failures:
            print(f"spreadsheet check: {len(check.failures)} of {check.checks} checks failed ({elapsed:.0f} s):")
            for failure in check.failures:
                print("  - " + failure)
            return 1
        print(f"spreadsheet check: {check.checks} checks passed on {len(files)} CSV files x {len(settings)} Calc "
              f"imports and 2 workbooks ({elapsed:.0f} s, LibreOffice "
              f"{run(['soffice', '--version']).split()[1]})")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
