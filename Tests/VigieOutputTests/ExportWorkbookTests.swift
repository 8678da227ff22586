import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

@testable import VigieOutput

/// The `.xlsx` workbooks, read back from the zip by a reader that is not libxlsxwriter.
@Suite struct ExportWorkbookTests {
    /// The hourly timeline of the night Paris goes back from summer time: the two 02:00 buckets have the
    /// same local date serial and their own `utc_offset`; counts are numbers, empty means are empty cells.
    @Test func timelineWorkbookKeepsTheHourLivedTwice() throws {
        let folder = try TemporaryFolder()
        let paris = ExportFixtures.zone("Europe/Paris")
        let (starts, end) = try TimelineReport.bucketStarts(
            from: ExportFixtures.date("2026-10-25T01:00:00+02:00"),
            until: ExportFixtures.date("2026-10-25T04:00:00+01:00"), width: .hour, timeZone: paris)
        var report = TimelineReport.assemble(
            brands: ["Cerise", "=Nordane"], width: .hour, timeZone: paris, starts: starts, end: end, buckets: [],
            alerts: [])
        report.rows[2].mentions = 4
        report.rows[2].negative = 3
        report.rows[2].positive = 1
        report.rows[2].meanScore = -0.5
        let path = folder.url.appendingPathComponent("night.xlsx").path
        try TimelineWorkbook().write(report, to: path)
        let book = try XLSXParts.read(path)
        let sheet = "xl/worksheets/sheet2.xml"
        #expect(
            (1...5).map { book.cell("B\($0)", of: sheet) } == [
                "utc_offset", "UTC+02:00", "UTC+02:00", "UTC+01:00", "UTC+01:00",
            ])
        // 2026-10-25 02:00 local is day 46,320 of the spreadsheet calendar, plus 2/24.
        let twoOClock = 46_320 + 2.0 / 24
        #expect(book.cell("A3", of: sheet).flatMap(Double.init).map { abs($0 - twoOClock) < 1e-9 } == true)
        #expect(book.cell("A4", of: sheet).flatMap(Double.init).map { abs($0 - twoOClock) < 1e-9 } == true)
        #expect(book.cell("K3", of: sheet) == "2026-10-25 02:00 UTC+02:00")
        #expect(book.cell("K4", of: sheet) == "2026-10-25 02:00 UTC+01:00")
        #expect(book.cell("D4", of: sheet) == "4")
        #expect(book.cell("G4", of: sheet) == "3")
        #expect(book.cell("H4", of: sheet) == "-0.5")
        #expect(book.cell("I4", of: sheet) == "0.75")
        #expect(book.cell("H3", of: sheet) == nil, "an empty bucket has no mean")
        #expect(book.names.filter { $0.hasPrefix("xl/charts/chart") }.count == 2)
        #expect(book["xl/charts/chart2.xml"].contains("'Timeline'!$G$6:$G$9"), "the second brand's rows")
        #expect(book["xl/charts/chart2.xml"].contains("<a:t> =Nordane</a:t>"), "a title, not a reference")
    }

    /// Mentions: web links are hyperlinks, other schemes text; texts are text whatever they start with,
    /// cut at a cell's limit, with the control characters XML forbids replaced.
    @Test func mentionWorkbookWritesLinksAndSafeTexts() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("mentions.xlsx").path
        let workbook = try MentionWorkbook(path: path, timeZone: .gmt)
        let long = String(repeating: "é", count: 40_000)
        let rows = [
            ExportCSVTests.row(title: "=SUM(A1:A2)", text: "bell\u{07}here"),
            ExportCSVTests.row(title: "plain", text: long),
        ]
        var unsafe = rows[1]
        unsafe.link = "javascript:alert(1)"
        for row in [rows[0], unsafe] { try workbook.add(row) }
        try workbook.close()
        #expect(workbook.count == 2)
        let book = try XLSXParts.read(path)
        let sheet = "xl/worksheets/sheet1.xml"
        #expect(book.cell("E2", of: sheet) == "=SUM(A1:A2)")
        #expect(!book[sheet].contains("<f>"))
        #expect(book.cell("K2", of: sheet) == "bell\u{FFFD}here")
        #expect(book.cell("K3", of: sheet)?.count == XLSXWorkbook.maximumText)
        #expect(book.cell("F3", of: sheet) == "javascript:alert(1)")
        #expect(book[sheet].contains("<hyperlink ref=\"F2\""))
        #expect(!book[sheet].contains("<hyperlink ref=\"F3\""))
        #expect(book["xl/worksheets/_rels/sheet1.xml.rels"].contains("Target=\"https://news.example/1\""))
        #expect(book[sheet].contains("<autoFilter ref=\"A1:M3\""))
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
    func columnNames(column: Int, name: String) {
        #expect(XLSXWorkbook.columnName(column) == name)
    }
}
