import Foundation
import Testing
import VigieTestSupport

/// `vigie export timeline`, `vigie export mentions` and `vigie chart` as a user runs them.
@Suite(.serialized) struct ExportCommandTests {
    /// A folder with a configuration and one feed, watched once.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vigie-export-cli-\(UUID().uuidString)")
        var config: String { folder.appendingPathComponent("vigie.yaml").path }

        static let titles = [
            "Acme, great service: I love it", "Acme \"terrible\" outage, a scam", "=Acme opens a new shop",
            "Lumio refund refused", "Lumio is great, I love it", "Acme and Lumio sign a deal",
        ]

        /// Six entries over two days; `titles` (and the texts, which start with them) may be given.
        init(titles: [String] = Setup.titles) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(ConfigText.yaml(brands: ["Acme", "Lumio"], feeds: [("feed.xml", "Feed")]).utf8)
                .write(to: folder.appendingPathComponent("vigie.yaml"))
            var xml = "<rss version=\"2.0\"><channel><title>Feed</title><link>https://f.example/</link>"
            for (index, title) in titles.enumerated() {
                // Two days in Paris: 6 May 2024 and 8 May 2024 (the 7th is empty).
                let day = index < 3 ? "Mon, 06 May 2024" : "Wed, 08 May 2024"
                xml +=
                    "<item><guid>i\(index)</guid><title>\(title.replacingOccurrences(of: "\"", with: "&quot;"))</title>"
                xml += "<link>https://f.example/\(index)</link><description>\(title) — line one.</description>"
                xml += "<pubDate>\(day) \(String(format: "%02d", 8 + index)):00:00 GMT</pubDate></item>"
            }
            xml += "</channel></rss>"
            try Data(xml.utf8).write(to: folder.appendingPathComponent("feed.xml"))
            let run = try VigieBinary.run(["watch", "--config", config, "--once"])
            #expect(run.status == 0, "\(run.stderr)")
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func mentionCount(_ brand: String) throws -> Int {
            let result = try VigieBinary.run(
                ["mentions", "--config", config, "--brand", brand, "--since", "36500d", "--format", "jsonl"])
            return result.lines.count
        }
    }

    @Test func timelineTotalsMatchMentionsAndEmptyDaysArePresent() throws {
        let setup = try Setup()
        let result = try VigieBinary.run(
            ["export", "timeline", "--config", setup.config, "--tz", "Europe/Paris", "--bucket", "day"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try CSVOracle.records(result.stdout)
        #expect(
            records.first == [
                "bucket_start", "brand", "mentions", "positive", "neutral", "negative", "mean_score", "negative_share",
                "alert",
            ])
        let rows = records.dropFirst()
        #expect(
            rows.map { $0[0] } == [
                "2024-05-06T00:00:00+02:00", "2024-05-07T00:00:00+02:00", "2024-05-08T00:00:00+02:00",
                "2024-05-06T00:00:00+02:00", "2024-05-07T00:00:00+02:00", "2024-05-08T00:00:00+02:00",
            ])
        #expect(rows.map { $0[1] } == ["Acme", "Acme", "Acme", "Lumio", "Lumio", "Lumio"])
        #expect(rows.allSatisfy { $0.count == 9 })
        for brand in ["Acme", "Lumio"] {
            let total = rows.filter { $0[1] == brand }.reduce(0) { $0 + (Int($1[2]) ?? -1000) }
            #expect(total == (try setup.mentionCount(brand)))
        }
        let empty = rows.filter { $0[0] == "2024-05-07T00:00:00+02:00" }
        #expect(empty.allSatisfy { $0[2...5] == ["0", "0", "0", "0"] && $0[6] == "" && $0[7] == "" })
    }

    @Test func mentionsExportQuotesAndNeutralises() throws {
        let setup = try Setup()
        let plain = try VigieBinary.run(["export", "mentions", "--config", setup.config, "--brand", "Acme"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let records = try CSVOracle.records(plain.stdout)
        #expect(records.first?.first == "time")
        #expect(records.count == 1 + (try setup.mentionCount("Acme")))
        #expect(records.dropFirst().allSatisfy { $0.count == 12 && $0[1] == "Acme" && $0[10] == "1" })
        #expect(records.contains { $0[3] == "Acme \"terrible\" outage, a scam" })
        #expect(records.contains { $0[3] == "'=Acme opens a new shop" })

        let output = setup.folder.appendingPathComponent("acme.csv").path
        let excel = try VigieBinary.run(
            [
                "export", "mentions", "--config", setup.config, "--brand", "Acme", "--excel", "--locale", "fr", "-o",
                output,
            ])
        #expect(excel.status == 0, "\(excel.stderr)")
        #expect(excel.stdout.isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let excelRecords = try CSVOracle.records(String(decoding: bytes.dropFirst(3), as: UTF8.self), separator: ";")
        #expect(excelRecords.first?.prefix(3) == ["time", "utc_offset", "brand"])
        #expect(excelRecords.dropFirst().allSatisfy { $0.count == 13 && $0[1] == "UTC+00:00" })
        #expect(excelRecords.contains { $0[4] == "'=Acme opens a new shop" })
        #expect(!excelRecords.contains { $0[4].hasPrefix("=") })
        #expect(excelRecords.dropFirst().allSatisfy { $0[7].contains(",") && !$0[7].contains(".") }, "decimal commas")
        #expect(!FileManager.default.fileExists(atPath: output + ".partial-0"))
    }

    /// Titles and texts that a spreadsheet would run (issue 11) come out neutralised, by `vigie export
    /// mentions` and `vigie mentions --format csv` alike: one writer, the documented columns, and the
    /// score left a number.
    @Test func bothMentionCSVsNeutraliseFormulasWithTheSameColumns() throws {
        let formulas = [
            "=HYPERLINK(\"http://example.invalid\",\"x\") Acme", "+Acme up 5% today", "-Acme a terrible outage, a scam",
            "@everyone Acme great service, I love it",
        ]
        let setup = try Setup(titles: formulas + ["Acme opens a new shop", "Lumio and Acme sign a deal"])
        let export = try VigieBinary.run(["export", "mentions", "--config", setup.config, "--brand", "Acme"])
        #expect(export.status == 0, "\(export.stderr)")
        let listing = try VigieBinary.run(
            ["mentions", "--config", setup.config, "--brand", "Acme", "--since", "36500d", "--format", "csv"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let header = [
            "time", "brand", "source", "title", "link", "language", "score", "label", "matched_terms", "text",
            "carriers", "seen",
        ]
        var tables: [[[String]]] = []
        for output in [export.stdout, listing.stdout] {
            let records = try CSVOracle.records(output)
            #expect(records.first == header)
            let rows = Array(records.dropFirst())
            #expect(rows.count == 6)
            for formula in formulas {
                #expect(rows.contains { $0[3] == "'" + formula }, "title \(formula)")
                #expect(rows.contains { $0[9].hasPrefix("'" + formula) }, "text \(formula)")
            }
            for row in rows {
                #expect(row.count == header.count)
                for column in [3, 9] {
                    #expect(!["=", "+", "-", "@"].contains(row[column].first.map(String.init)), "\(row[column])")
                }
                #expect(Double(row[6]) != nil, "score \(row[6]) is a number")
            }
            let outage = rows.first { $0[3] == "'-Acme a terrible outage, a scam" }
            #expect((outage.flatMap { Double($0[6]) } ?? 0) < 0, "a negative score stays a negative number")
            tables.append(rows)
        }
        // The same rows, in opposite orders (export: oldest first; mentions: newest first).
        #expect(tables.count == 2 && tables[0] == tables[1].reversed())
    }

    /// `--excel` without `--locale` follows the system locale, or the brands when they keep only French.
    @Test(arguments: [("fr_FR.UTF-8", ";"), ("C.UTF-8", ","), ("en_GB.UTF-8", ",")])
    func excelLocaleDefaultsToTheSystemLocale(lang: String, separator: String) throws {
        let setup = try Setup()
        let result = try VigieBinary.run(
            ["export", "timeline", "--config", setup.config, "--excel"],
            environment: ["LANG": lang, "LC_ALL": "", "LC_NUMERIC": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\u{FEFF}bucket_start\(separator)utc_offset\(separator)brand"))
    }

    /// The workbooks are real .xlsx files: a zip whose sheets hold numbers as numbers, a date format, a
    /// frozen header and an autofilter; the timeline's first sheet holds one line chart per brand, the
    /// mentions' links are hyperlinks.
    @Test func xlsxWorkbooksHaveTypedCellsChartsAndLinks() throws {
        let setup = try Setup()
        let timeline = setup.folder.appendingPathComponent("timeline.xlsx").path
        let run = try VigieBinary.run(
            [
                "export", "timeline", "--config", setup.config, "--tz", "Europe/Paris", "--format", "xlsx", "-o",
                timeline,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let book = try XLSXParts.read(timeline)
        #expect(book.names.filter { $0.hasPrefix("xl/charts/chart") }.count == 2)
        #expect(book["xl/workbook.xml"].contains("name=\"Chart\" sheetId=\"1\""))
        let chart = book["xl/charts/chart1.xml"]
        #expect(chart.contains("<c:lineChart>"))
        #expect(chart.components(separatedBy: "<c:ser>").count - 1 == 3)
        #expect(chart.contains("'Timeline'!$G$2:$G$4"), "the first brand's negative counts")
        #expect(chart.contains("'Timeline'!$K$2:$K$4"), "labelled by the text of the bucket starts")
        let data = book["xl/worksheets/sheet2.xml"]
        #expect(data.contains("<pane ySplit=\"1\""), "frozen header")
        #expect(data.contains("<autoFilter ref=\"A1:K7\""))
        #expect(data.contains(/<c r="D2"( s="\d+")?><v>3<\/v><\/c>/), "a count is a number")
        #expect(book["xl/styles.xml"].contains("formatCode=\"yyyy-mm-dd hh:mm\""))

        let mentions = setup.folder.appendingPathComponent("mentions.xlsx").path
        let export = try VigieBinary.run(
            ["export", "mentions", "--config", setup.config, "--brand", "Acme", "--format", "xlsx", "-o", mentions])
        #expect(export.status == 0, "\(export.stderr)")
        let parts = try XLSXParts.read(mentions)
        let sheet = parts["xl/worksheets/sheet1.xml"]
        #expect(sheet.components(separatedBy: "<hyperlink ").count - 1 == 4, "the links of Acme's 4 mentions")
        #expect(parts["xl/worksheets/_rels/sheet1.xml.rels"].contains("Target=\"https://f.example/"))
        #expect(sheet.contains("=Acme opens a new shop"), "a text cell, as it is")
        #expect(!sheet.contains("<f>"), "no formula")
    }

    @Test(arguments: [
        (["--format", "xlsx"], "needs -o FILE.xlsx"),
        (["--format", "xlsx", "--excel", "-o", "x.xlsx"], "--excel shapes a CSV"),
        (["--locale", "fr"], "--locale goes with --excel"),
    ])
    func badFileOptionsAreExplained(arguments: [String], message: String) throws {
        let setup = try Setup()
        let result = try VigieBinary.run(["export", "timeline", "--config", setup.config] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func chartWritesAnSVGAndRefusesPNG() throws {
        let setup = try Setup()
        let output = setup.folder.appendingPathComponent("chart.svg").path
        let chart = try VigieBinary.run(["chart", "--config", setup.config, "--tz", "Europe/Paris", "-o", output])
        #expect(chart.status == 0, "\(chart.stderr)")
        let svg = try String(contentsOfFile: output, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg"))
        #expect(svg.components(separatedBy: "class=\"bucket\"").count - 1 == 6)
        let png = try VigieBinary.run(["chart", "--config", setup.config, "-o", "chart.png"])
        #expect(png.status != 0)
        #expect(png.stderr.contains("rsvg-convert"))
    }

    @Test(arguments: [
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        (["--brand", "Nope"], "unknown brand"),
        (["--brand", "Acme", "--all"], "either --brand or --all"),
    ])
    func badOptionsAreExplained(arguments: [String], message: String) throws {
        let setup = try Setup()
        let result = try VigieBinary.run(["export", "timeline", "--config", setup.config] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message))
        #expect(result.stdout.isEmpty)
    }
}
