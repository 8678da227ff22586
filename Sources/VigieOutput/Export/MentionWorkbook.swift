import Foundation
import VigieCore
import VigieStore

/// The mentions as an `.xlsx` workbook, written row by row in constant memory.
///
/// One sheet, `Mentions`, with the columns of ``MentionCSV`` in its spreadsheet form: `time` as a date
/// (local, `utc_offset` beside it), `source` and `link` as hyperlinks, `score` as a number, the texts as
/// text (an `.xlsx` cell is never run as a formula, whatever it starts with), a frozen header row and an
/// autofilter. A sheet holds 1,048,575 mentions; more is an error that says to narrow the export.
///
/// ```swift
/// let workbook = try MentionWorkbook(path: "mentions.xlsx", timeZone: .gmt)
/// for row in rows { try workbook.add(row) }
/// try workbook.close()
/// ```
public final class MentionWorkbook {
    /// The columns of the sheet.
    public static let header = CSVDialect.withOffset(MentionCSV.header, after: "time")
    /// The sheet's name.
    public static let sheetName = "Mentions"

    private let book: XLSXWorkbook
    private let sheet: Int
    private var timestamp: ExportTimestamp
    /// The mentions written so far.
    public private(set) var count = 0

    /// Starts the workbook at `path`, times in `timeZone`.
    public init(path: String, timeZone: TimeZone) throws {
        book = try XLSXWorkbook(path: path, constantMemory: true)
        sheet = try book.addSheet(Self.sheetName, header: Self.header)
        timestamp = ExportTimestamp(timeZone: timeZone)
    }

    /// Writes one mention.
    public func add(_ row: MentionRow) throws {
        let line = count + 1
        let (local, offset) = timestamp.local(row.time)
        try book.date(localSeconds: local, sheet: sheet, row: line, column: 0)
        try book.text(ExportTimestamp.offsetLabel(offset), sheet: sheet, row: line, column: 1)
        try book.text(row.brand, sheet: sheet, row: line, column: 2)
        try book.link(row.sourceURL, sheet: sheet, row: line, column: 3)
        try book.text(row.title ?? "", sheet: sheet, row: line, column: 4)
        if let link = row.link { try book.link(link, sheet: sheet, row: line, column: 5) }
        try book.text(row.language.rawValue, sheet: sheet, row: line, column: 6)
        try book.number(row.score, sheet: sheet, row: line, column: 7, style: .fixed4)
        try book.text(row.label.rawValue, sheet: sheet, row: line, column: 8)
        try book.text(row.matchedTerms.joined(separator: "; "), sheet: sheet, row: line, column: 9)
        try book.text(row.text, sheet: sheet, row: line, column: 10)
        try book.number(Double(row.carriers), sheet: sheet, row: line, column: 11)
        try book.text(RFC3339.format(row.firstSeenAt), sheet: sheet, row: line, column: 12)
        count += 1
    }

    /// Adds the autofilter and the column widths, and writes the file.
    public func close() throws {
        book.autofilter(sheet: sheet, rows: count, columns: Self.header.count)
        book.fitColumns()
        try book.close()
    }
}
