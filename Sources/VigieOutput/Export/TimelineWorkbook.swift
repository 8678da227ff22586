import Foundation
import VigieCore

/// A timeline as an `.xlsx` workbook that opens on a picture.
///
/// The first sheet, `Chart`, holds one native line chart per brand: negative, neutral and positive
/// mentions per bucket, drawn by the spreadsheet from the second sheet. The second, `Timeline`, has the
/// columns of ``TimelineCSV`` in its spreadsheet form (`bucket_start`, `utc_offset`, `brand`, …):
/// bucket starts as dates (local time, with the offset beside them so that the hour lived twice in
/// autumn stays two rows), counts and shares as numbers, a frozen header row and an autofilter; and a
/// last column, `bucket`, the start as text (`2026-10-25 02:00 UTC+01:00` for hours, `2026-10-25`
/// otherwise), which labels the charts' time axis: on dates, Excel and Calc would make it a date axis
/// and pile the hours of a day onto one point.
///
/// ```swift
/// try TimelineWorkbook().write(report, to: "week.xlsx")
/// ```
public struct TimelineWorkbook: Sendable {
    /// The sheet with the charts, first.
    public static let chartSheet = "Chart"
    /// The sheet with the figures.
    public static let dataSheet = "Timeline"
    /// The columns of the `Timeline` sheet.
    public static let header = CSVDialect.withOffset(TimelineCSV.header, after: "bucket_start") + ["bucket"]

    /// Rows of the `Chart` sheet between the tops of two charts.
    static let chartSpacing = 16

    /// A writer.
    public init() {}

    /// Writes the workbook of `report` at `path`.
    ///
    /// - Throws: ``ExportError`` when the file cannot be written or the report has more rows than a sheet
    ///   holds.
    public func write(_ report: TimelineReport, to path: String) throws {
        let book = try XLSXWorkbook(path: path, constantMemory: false)
        let charts = try book.addSheet(Self.chartSheet)
        book.landscape(sheet: charts)
        let data = try book.addSheet(Self.dataSheet, header: Self.header)
        let zone = report.timeZone.identifier
        try book.text(
            "Mentions per \(report.width.rawValue) by sentiment (\(zone)); the figures are on the sheet "
                + "\(Self.dataSheet).", sheet: charts, row: 0, column: 0)
        var timestamp = ExportTimestamp(timeZone: report.timeZone)
        var label: [UInt8] = []
        for (index, row) in report.rows.enumerated() {
            let line = index + 1
            let (local, offset) = timestamp.local(row.start)
            label.removeAll(keepingCapacity: true)
            timestamp.appendLocal(row.start, separator: UInt8(ascii: " "), to: &label)
            if report.width == .hour {
                label.removeLast(3)
                label.append(UInt8(ascii: " "))
                ExportTimestamp.appendOffsetLabel(offset, to: &label)
            } else {
                label.removeLast(9)
            }
            try book.date(localSeconds: local, sheet: data, row: line, column: 0, style: .dateMinutes)
            try book.text(ExportTimestamp.offsetLabel(offset), sheet: data, row: line, column: 1)
            try book.text(row.brand, sheet: data, row: line, column: 2)
            for (column, count) in [row.mentions, row.positive, row.neutral, row.negative].enumerated() {
                try book.number(Double(count), sheet: data, row: line, column: 3 + column)
            }
            if let mean = row.meanScore { try book.number(mean, sheet: data, row: line, column: 7, style: .fixed4) }
            if let share = row.negativeShare {
                try book.number(share, sheet: data, row: line, column: 8, style: .percent)
            }
            if let alert = row.alert { try book.text(alert.rawValue, sheet: data, row: line, column: 9) }
            try book.text(String(decoding: label, as: UTF8.self), sheet: data, row: line, column: 10)
        }
        book.autofilter(sheet: data, rows: report.rows.count, columns: Self.header.count)
        let buckets = report.bucketStarts.count
        if buckets > 0 {
            let series = [
                XLSXWorkbook.Series(nameCell: (0, 6), column: 6, colour: 0xD1495B),
                XLSXWorkbook.Series(nameCell: (0, 5), column: 5, colour: 0x8C8C8C),
                XLSXWorkbook.Series(nameCell: (0, 4), column: 4, colour: 0x2E9E6A),
            ]
            for (index, brand) in report.brands.enumerated() {
                let first = 1 + index * buckets
                try book.lineChart(
                    title: brand, on: charts, row: 1 + index * Self.chartSpacing, column: 0, data: data,
                    first: first, last: first + buckets - 1, categoryColumn: 10, series: series)
            }
        }
        book.fitColumns()
        try book.close()
    }
}
