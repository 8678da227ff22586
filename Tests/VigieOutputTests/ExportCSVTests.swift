import Foundation
import Testing
import VigieCore
import VigieOutput
import VigieStore
import VigieTestSupport

/// CSV cells, lines and timestamps as the exports write them.
@Suite struct ExportCSVTests {
    static func row(title: String?, text: String = "plain", terms: [String] = ["cerise"], score: Double = -0.25)
        -> MentionRow
    {
        MentionRow(
            id: 1, entryID: 1, time: ExportFixtures.date("2026-03-29T01:30:00Z"),
            firstSeenAt: ExportFixtures.date("2026-03-29T01:35:00Z"), brand: "Cerise",
            sourceURL: "https://news.example/feed", sourceName: "News", title: title, link: "https://news.example/1",
            language: .french, score: score, label: .negative, positive: 0.1, negative: 0.7, neutral: 0.2,
            matchedTerms: terms, topTerms: [], text: text)
    }

    /// Titles with the characters RFC 4180 cares about come back intact through a reader.
    @Test(arguments: [
        "Cerise, la box",
        "Le \"scandale\" Cerise",
        "Ligne 1\nLigne 2",
        "CRLF\r\ninside",
        "\"",
        ",,,",
        "point-virgule ; ici",
        "accents éàü — et emoji 📉",
        "",
    ])
    func titlesSurviveQuoting(title: String) throws {
        var writer = MentionCSV(dialect: .standard, timeZone: .gmt)
        let text = String(decoding: writer.start() + writer.line(Self.row(title: title)), as: UTF8.self)
        let records = try CSVOracle.records(text)
        #expect(records.count == 2)
        #expect(records[0] == MentionCSV.header)
        #expect(records[1].count == MentionCSV.header.count)
        #expect(records[1][3] == title)
        #expect(records[1][0] == "2026-03-29T01:30:00+00:00")
        #expect(records[1][6] == "-0.2500")
    }

    static let dialects: [CSVDialect] = [.standard, .excel(.fr), .excel(.en)]

    /// The records of `bytes` in `dialect`, read by the oracle (BOM checked and dropped).
    static func records(_ bytes: [UInt8], _ dialect: CSVDialect) throws -> [[String]] {
        #expect(Array(bytes.prefix(dialect.preamble.count)) == dialect.preamble)
        #expect(dialect.byteOrderMark || bytes.first != 0xEF, "no BOM in the standard dialect")
        let body = Array(bytes.dropFirst(dialect.preamble.count))
        return try CSVOracle.records(
            String(decoding: body, as: UTF8.self), separator: Character(Unicode.Scalar(dialect.separator)))
    }

    /// In every dialect a field is quoted whenever it holds `,`, `;`, a tab, a quote, CR or LF — any of the
    /// separators an import may split on — and only then.
    @Test(arguments: dialects)
    func fieldsAreQuotedWheneverAnImportCouldSplitThem(dialect: CSVDialect) throws {
        let separator = String(UnicodeScalar(dialect.separator))
        let cells: [(String, String)] = [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("semi;colon", "\"semi;colon\""), ("tab\there", "\"tab\there\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""), ("cr\rhere", "\"cr\rhere\""), ("lf\nhere", "\"lf\nhere\""),
            ("crlf\r\nhere", "\"crlf\r\nhere\""),
            ("accents éàü « » œ 📉 中文 кириллица", "accents éàü « » œ 📉 中文 кириллица"),
        ]
        var line = CSVLine(dialect: dialect)
        for (cell, _) in cells { line.text(cell) }
        let bytes = line.finish()
        #expect(
            String(decoding: bytes, as: UTF8.self) == cells.map(\.1).joined(separator: separator) + "\r\n")
        let records = try CSVOracle.records(
            String(decoding: bytes, as: UTF8.self), separator: Character(Unicode.Scalar(dialect.separator)))
        #expect(records == [cells.map(\.0)])
    }

    /// Text starting like a formula is neutralised in every dialect; text with a formula character later
    /// is left alone, and numbers are not touched.
    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+33 6 12", "'+33 6 12"),
        ("-1 for Cerise", "'-1 for Cerise"),
        ("@cerise_fr", "'@cerise_fr"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("Cerise = top", "Cerise = top"),
        ("'quoted", "'quoted"),
    ])
    func formulaStartsAreNeutralised(cell: String, expected: String) throws {
        for dialect in Self.dialects {
            var writer = MentionCSV(dialect: dialect, timeZone: .gmt)
            let records = try Self.records(
                writer.start() + writer.line(Self.row(title: cell, text: cell, score: -0.75)), dialect)
            let shift = dialect.spreadsheetTimes ? 1 : 0
            #expect(records[1].count == MentionCSV.header.count + shift)
            #expect(records[1][3 + shift] == expected)
            #expect(records[1][9 + shift] == expected)
            #expect(records[1][6 + shift] == (dialect.decimalSeparator == UInt8(ascii: ",") ? "-0,7500" : "-0.7500"))
        }
    }

    /// Every dialect, the standard one included, neutralises the text cells a spreadsheet would run as a
    /// formula (issue 11: titles come from feeds anyone writes); the score stays a plain number.
    @Test(arguments: dialects)
    func everyDialectNeutralisesFormulasButNotScores(dialect: CSVDialect) throws {
        let cells = [
            "=HYPERLINK(\"http://example.invalid\",\"x\")", "+33 6 12 34 56 78", "-1 for Cerise", "@SUM(A1:A9)",
            "\tcmd", "\rcmd",
        ]
        var writer = MentionCSV(dialect: dialect, timeZone: .gmt)
        var bytes = writer.start()
        for cell in cells { bytes += writer.line(Self.row(title: cell, text: cell, terms: [cell], score: -0.91)) }
        let records = try Self.records(bytes, dialect)
        let shift = dialect.spreadsheetTimes ? 1 : 0
        #expect(records.count == 1 + cells.count)
        for (record, cell) in zip(records.dropFirst(), cells) {
            #expect(record.count == MentionCSV.header.count + shift)
            #expect(record[3 + shift] == "'" + cell, "title")
            #expect(record[8 + shift] == "'" + cell, "matched_terms")
            #expect(record[9 + shift] == "'" + cell, "text")
            let score = record[6 + shift]
            #expect(Double(score.replacingOccurrences(of: ",", with: ".")) == -0.91, "\(score)")
        }
    }

    /// French spreadsheets read decimal commas: the French dialect writes them (quoted, since Calc also
    /// splits on `,` by default), the others decimal points, unquoted; whole numbers are never quoted.
    @Test(arguments: [
        (CSVDialect.excel(.fr), "\"-0,6738\";\"0,8750\";12;\"3,0\"\r\n"),
        (CSVDialect.excel(.en), "-0.6738,0.8750,12,3.0\r\n"),
        (CSVDialect.standard, "-0.6738,0.8750,12,3.0\r\n"),
    ])
    func decimalSeparatorFollowsTheLocale(dialect: CSVDialect, expected: String) throws {
        var line = CSVLine(dialect: dialect)
        line.number(-0.67378, decimals: 4)
        line.number(0.875, decimals: 4)
        line.integer(12)
        line.number(2.95, decimals: 1)
        let bytes = line.finish()
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let records = try CSVOracle.records(
            String(decoding: bytes, as: UTF8.self), separator: Character(Unicode.Scalar(dialect.separator)))
        #expect(records.first?.count == 4)
    }

    /// The night Paris goes back from summer time, the hour from 02:00 is lived twice: in the spreadsheet
    /// form the two buckets have the same local date-time and differ by their `utc_offset`; in the
    /// standard form the offset is part of the time.
    @Test func theHourLivedTwiceStaysTwoRows() throws {
        let paris = ExportFixtures.zone("Europe/Paris")
        let (starts, end) = try TimelineReport.bucketStarts(
            from: ExportFixtures.date("2026-10-25T01:00:00+02:00"),
            until: ExportFixtures.date("2026-10-25T04:00:00+01:00"),
            width: .hour, timeZone: paris)
        let report = TimelineReport.assemble(
            brands: ["Cerise"], width: .hour, timeZone: paris, starts: starts, end: end, buckets: [], alerts: [])
        var french: [UInt8] = []
        TimelineCSV(dialect: .excel(.fr)).write(report) { french += $0 }
        let records = try Self.records(french, .excel(.fr))
        #expect(records.first == CSVDialect.withOffset(TimelineCSV.header, after: "bucket_start"))
        #expect(
            records.dropFirst().map { [$0[0], $0[1]] } == [
                ["2026-10-25 01:00:00", "UTC+02:00"], ["2026-10-25 02:00:00", "UTC+02:00"],
                ["2026-10-25 02:00:00", "UTC+01:00"], ["2026-10-25 03:00:00", "UTC+01:00"],
            ])
    }

    @Test func timelineCSVIsDeterministicInEveryDialect() throws {
        let rows = [
            TimelineRow(
                brand: "Cerise", start: ExportFixtures.date("2026-01-05T00:00:00Z"),
                end: ExportFixtures.date("2026-01-06T00:00:00Z"), mentions: 3, positive: 1, neutral: 1, negative: 1,
                meanScore: 1.0 / 3, alert: .warning)
        ]
        let report = TimelineReport(
            brands: ["Cerise"], width: .day, timeZone: .gmt, bucketStarts: [rows[0].start], end: rows[0].end,
            rows: rows)
        let expected: [(CSVDialect, String)] = [
            (
                .standard,
                "bucket_start,brand,mentions,positive,neutral,negative,mean_score,negative_share,alert\r\n"
                    + "2026-01-05T00:00:00+00:00,Cerise,3,1,1,1,0.3333,0.3333,warning\r\n"
            ),
            (
                .excel(.fr),
                "\u{FEFF}bucket_start;utc_offset;brand;mentions;positive;neutral;negative;mean_score;negative_share;alert\r\n"
                    + "2026-01-05 00:00:00;UTC+00:00;Cerise;3;1;1;1;\"0,3333\";\"0,3333\";warning\r\n"
            ),
            (
                .excel(.en),
                "\u{FEFF}bucket_start,utc_offset,brand,mentions,positive,neutral,negative,mean_score,negative_share,alert\r\n"
                    + "2026-01-05 00:00:00,UTC+00:00,Cerise,3,1,1,1,0.3333,0.3333,warning\r\n"
            ),
        ]
        for (dialect, text) in expected {
            var bytes: [UInt8] = []
            TimelineCSV(dialect: dialect).write(report) { bytes += $0 }
            #expect(bytes == Array(text.utf8), "\(dialect)")
        }
    }

    @Test func progressStaysSilentForShortExports() {
        nonisolated(unsafe) var said: [String] = []
        var progress = ExportProgress("mentions", delay: .seconds(60)) { said.append($0) }
        progress.advance(by: 100_000)
        progress.finish()
        #expect(said.isEmpty)
        var eager = ExportProgress("mentions", delay: .zero, interval: .zero) { said.append($0) }
        eager.advance(by: 5000)
        eager.finish()
        #expect(said.count == 2)
        #expect(said.first?.hasPrefix("5000 mentions written") == true)
        #expect(said.last?.hasPrefix("done: 5000 mentions") == true)
    }
}
