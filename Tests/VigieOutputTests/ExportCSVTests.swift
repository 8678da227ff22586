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

    @Test func fieldsAreQuotedOnlyWhenNeeded() {
        var line = CSVLine(dialect: .standard)
        line.text("plain")
        line.text("a,b")
        line.text("say \"hi\"")
        line.text("semi;colon")
        #expect(String(decoding: line.finish(), as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",semi;colon\r\n")
        var excel = CSVLine(dialect: .excel)
        excel.text("a,b")
        excel.text("semi;colon")
        excel.number(-0.5, decimals: 2)
        #expect(String(decoding: excel.finish(), as: UTF8.self) == "a,b;\"semi;colon\";-0.50\r\n")
    }

    /// With --excel, text starting like a formula is neutralised; numbers are not touched.
    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+33 6 12", "'+33 6 12"),
        ("-1 for Cerise", "'-1 for Cerise"),
        ("@cerise_fr", "'@cerise_fr"),
        ("\tindent", "'\tindent"),
        ("Cerise = top", "Cerise = top"),
    ])
    func excelNeutralisesFormulas(cell: String, expected: String) throws {
        var writer = MentionCSV(dialect: .excel, timeZone: .gmt)
        let bytes = writer.start() + writer.line(Self.row(title: cell, text: cell, score: -0.75))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let records = try CSVOracle.records(String(decoding: bytes.dropFirst(3), as: UTF8.self), separator: ";")
        #expect(records[1][3] == expected)
        #expect(records[1][9] == expected)
        #expect(records[1][6] == "-0.7500")
    }

    /// Every dialect, the standard one included, neutralises the text cells a spreadsheet would run as a
    /// formula (issue 11: titles come from feeds anyone writes); the score stays a plain number.
    @Test(arguments: [CSVDialect.standard, .excel])
    func everyDialectNeutralisesFormulasButNotScores(dialect: CSVDialect) throws {
        let cells = [
            "=HYPERLINK(\"http://example.invalid\",\"x\")", "+33 6 12 34 56 78", "-1 for Cerise", "@SUM(A1:A9)",
            "\tcmd", "\rcmd",
        ]
        var writer = MentionCSV(dialect: dialect, timeZone: .gmt)
        var bytes = writer.start()
        for cell in cells { bytes += writer.line(Self.row(title: cell, text: cell, terms: [cell], score: -0.91)) }
        let body = dialect.byteOrderMark ? Array(bytes.dropFirst(3)) : bytes
        let records = try CSVOracle.records(
            String(decoding: body, as: UTF8.self), separator: Character(Unicode.Scalar(dialect.separator)))
        #expect(records.count == 1 + cells.count)
        for (record, cell) in zip(records.dropFirst(), cells) {
            #expect(record.count == MentionCSV.header.count)
            #expect(record[3] == "'" + cell, "title")
            #expect(record[8] == "'" + cell, "matched_terms")
            #expect(record[9] == "'" + cell, "text")
            #expect(record[6] == "-0.9100")
            #expect(Double(record[6]) == -0.91)
        }
    }

    @Test(arguments: [
        (0.0, 4, "0.0000"), (-0.0, 4, "0.0000"), (-0.00001, 4, "0.0000"), (0.12345, 4, "0.1235"),
        (-0.5, 4, "-0.5000"), (1, 4, "1.0000"), (2.5, 0, "3"), (-1, 2, "-1.00"), (123456.789, 1, "123456.8"),
    ])
    func numbersHaveFixedDecimals(value: Double, decimals: Int, expected: String) {
        var line = CSVLine(dialect: .standard)
        line.number(value, decimals: decimals)
        #expect(String(decoding: line.finish(), as: UTF8.self) == expected + "\r\n")
    }

    /// The fast timestamp agrees with Foundation's formatter, across zones and clock changes.
    @Test(arguments: ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
    func timestampsMatchFoundation(zone: String) {
        let timeZone = ExportFixtures.zone(zone)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        var stamp = ExportTimestamp(timeZone: timeZone)
        var date = ExportFixtures.date("1969-12-31T23:00:00Z")
        var checked = 0
        // Steps of 31h 13min 17s over 60 years cross every clock change at many hours.
        while date < ExportFixtures.date("2030-01-01T00:00:00Z") {
            let expected = formatter.string(from: date)
            let got = stamp.string(date)
            if got != expected {
                Issue.record("\(zone): \(got) != \(expected)")
                return
            }
            date.addTimeInterval(31 * 3600 + 13 * 60 + 17)
            checked += 1
        }
        #expect(checked > 15_000)
    }

    @Test func timelineCSVIsDeterministic() throws {
        let rows = [
            TimelineRow(
                brand: "Cerise", start: ExportFixtures.date("2026-01-05T00:00:00Z"),
                end: ExportFixtures.date("2026-01-06T00:00:00Z"), mentions: 3, positive: 1, neutral: 1, negative: 1,
                meanScore: 1.0 / 3, alert: .warning)
        ]
        let report = TimelineReport(
            brands: ["Cerise"], width: .day, timeZone: .gmt, bucketStarts: [rows[0].start], end: rows[0].end,
            rows: rows)
        var standard: [UInt8] = []
        TimelineCSV().write(report) { standard += $0 }
        #expect(
            String(decoding: standard, as: UTF8.self)
                == "bucket_start,brand,mentions,positive,neutral,negative,mean_score,negative_share,alert\r\n"
                + "2026-01-05T00:00:00+00:00,Cerise,3,1,1,1,0.3333,0.3333,warning\r\n")
        var excel: [UInt8] = []
        TimelineCSV(dialect: .excel).write(report) { excel += $0 }
        #expect(
            excel == [0xEF, 0xBB, 0xBF]
                + Array(
                    ("bucket_start;brand;mentions;positive;neutral;negative;mean_score;negative_share;alert\r\n"
                        + "2026-01-05T00:00:00+00:00;Cerise;3;1;1;1;0.3333;0.3333;warning\r\n").utf8))
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
