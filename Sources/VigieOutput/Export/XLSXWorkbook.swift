import CXLSXWriter
import Foundation

/// A `.xlsx` file being written through libxlsxwriter: worksheets of typed cells, column widths that
/// fit what was written, and line charts. The only type that sees the library's pointers.
///
/// ```swift
/// let book = try XLSXWorkbook(path: "out.xlsx", constantMemory: false)
/// let sheet = try book.addSheet("Data", header: ["day", "count"])
/// try book.date(serial, sheet: sheet, row: 1, column: 0, style: .day)
/// try book.number(3, sheet: sheet, row: 1, column: 1)
/// try book.close()
/// ```
final class XLSXWorkbook {
    /// How a cell is shown.
    enum Style: CaseIterable {
        case plain, header, dateTime, dateMinutes, fixed4, percent, link

        var numberFormat: String? {
            switch self {
            case .dateTime: "yyyy-mm-dd hh:mm:ss"
            case .dateMinutes: "yyyy-mm-dd hh:mm"
            case .fixed4: "0.0000"
            case .percent: "0.0%"
            case .plain, .header, .link: nil
            }
        }

        /// The characters the cell shows, for the column width.
        var displayWidth: Int {
            switch self {
            case .dateTime: 19
            case .dateMinutes: 16
            default: 8
            }
        }
    }

    /// One line of a chart: a column of values, its colour (`0xRRGGBB`).
    struct Series {
        var nameCell: (row: Int, column: Int)
        var column: Int
        var colour: UInt32
    }

    /// The most rows a worksheet holds, header included.
    static let maximumRows = Int(LXW_ROW_MAX)
    /// The most hyperlinks a worksheet holds (Excel's limit); later links are written as text.
    static let maximumLinks = Int(LXW_MAX_NUMBER_URLS)
    /// The longest text a cell holds, in Unicode scalars; longer texts are cut.
    static let maximumText = 32_767

    let path: String
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [Style: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheets: [(pointer: UnsafeMutablePointer<lxw_worksheet>, name: String)] = []
    private var widths: [[Int]] = []
    private var links: [Int] = []

    /// Starts a workbook at `path`. With `constantMemory`, rows go to a temporary file as they are
    /// written (each row must then be written whole, in order): memory stays flat for any size.
    init(path: String, constantMemory: Bool) throws {
        self.path = path
        var options = lxw_workbook_options(
            constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw ExportError(operation: "creating the workbook", subject: path, reason: "libxlsxwriter refused it")
        }
        self.workbook = workbook
        for style in Style.allCases {
            guard let format = workbook_add_format(workbook) else { continue }
            if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
            if style == .header { format_set_bold(format) }
            if style == .link {
                format_set_font_color(format, 0x0563C1)
                format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue))
            }
            formats[style] = format
        }
    }

    deinit {
        // An abandoned workbook: free it (this writes the file, which the caller deletes).
        if let workbook { workbook_close(workbook) }
    }

    /// Adds a worksheet named `name` with a bold `header` row, frozen, and returns its number.
    func addSheet(_ name: String, header: [String] = []) throws -> Int {
        guard let workbook, let sheet = workbook_add_worksheet(workbook, name) else {
            throw ExportError(operation: "adding a worksheet", subject: name, reason: "libxlsxwriter refused it")
        }
        sheets.append((sheet, name))
        widths.append([])
        links.append(0)
        let index = sheets.count - 1
        for (column, title) in header.enumerated() {
            try text(title, sheet: index, row: 0, column: column, style: .header)
        }
        if !header.isEmpty { worksheet_freeze_panes(sheet, 1, 0) }
        return index
    }

    /// Writes `value` as text (never as a formula, whatever it starts with).
    func text(_ value: String, sheet: Int, row: Int, column: Int, style: Style = .plain) throws {
        let value = Self.cellText(value)
        note(width: Self.width(of: value), sheet: sheet, column: column)
        try check(
            worksheet_write_string(sheets[sheet].pointer, cellRow(row), cellColumn(column), value, formats[style]),
            row: row, sheet: sheet)
    }

    /// Writes a number, shown in `style`.
    func number(_ value: Double, sheet: Int, row: Int, column: Int, style: Style = .plain) throws {
        note(width: style.displayWidth, sheet: sheet, column: column)
        try check(
            worksheet_write_number(sheets[sheet].pointer, cellRow(row), cellColumn(column), value, formats[style]),
            row: row, sheet: sheet)
    }

    /// Writes a local date-time given as seconds since 1970-01-01 00:00 on the wall clock, as a
    /// spreadsheet date shown in `style`.
    func date(localSeconds: Int64, sheet: Int, row: Int, column: Int, style: Style = .dateTime) throws {
        try number(Double(localSeconds) / 86_400 + 25_569, sheet: sheet, row: row, column: column, style: style)
    }

    /// Writes `url` as a hyperlink showing itself; as plain text when it is not a web link, too long, or
    /// past the sheet's ``maximumLinks``.
    func link(_ url: String, sheet: Int, row: Int, column: Int) throws {
        let isWeb = url.hasPrefix("http://") || url.hasPrefix("https://")
        if isWeb && links[sheet] < Self.maximumLinks && url.utf8.count <= 2_000 {
            let written = worksheet_write_url(
                sheets[sheet].pointer, cellRow(row), cellColumn(column), url, formats[.link])
            if written == LXW_NO_ERROR {
                links[sheet] += 1
                note(width: Self.width(of: url), sheet: sheet, column: column)
                return
            }
        }
        try text(url, sheet: sheet, row: row, column: column)
    }

    /// Prints `sheet` in landscape, one page wide (and renders it so when converted to a picture).
    func landscape(sheet: Int) {
        worksheet_set_landscape(sheets[sheet].pointer)
        worksheet_fit_to_pages(sheets[sheet].pointer, 1, 0)
    }

    /// An autofilter over the header and `rows` rows below it, `columns` wide.
    func autofilter(sheet: Int, rows: Int, columns: Int) {
        worksheet_autofilter(sheets[sheet].pointer, 0, 0, cellRow(max(rows, 1)), cellColumn(columns - 1))
    }

    /// A line chart on `sheet` at (`row`, `column`), of `series` over the rows `first...last` of the
    /// data sheet `data`, labelled by the text of `categoryColumn` along the time axis.
    func lineChart(
        title: String, on sheet: Int, row: Int, column: Int, data: Int, first: Int, last: Int, categoryColumn: Int,
        series: [Series]
    ) throws {
        guard let workbook, let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_LINE.rawValue)) else {
            throw ExportError(operation: "adding a chart", subject: title, reason: "libxlsxwriter refused it")
        }
        let dataName = sheets[data].name
        func range(_ column: Int) -> String {
            "='\(dataName)'!$\(Self.columnName(column))$\(first + 1):$\(Self.columnName(column))$\(last + 1)"
        }
        for line in series {
            guard let added = chart_add_series(chart, range(categoryColumn), range(line.column)) else { continue }
            chart_series_set_name(
                added, "='\(dataName)'!$\(Self.columnName(line.nameCell.column))$\(line.nameCell.row + 1)")
            var stroke = lxw_chart_line(color: line.colour, none: 0, width: 2, dash_type: 0, transparency: 0)
            chart_series_set_line(added, &stroke)
        }
        // A title starting with `=` would be read as a cell reference.
        chart_title_set_name(chart, title.hasPrefix("=") ? " " + title : title)
        chart_axis_set_name(chart.pointee.y_axis, "mentions")
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        var options = lxw_chart_options()
        options.x_scale = 2
        options.y_scale = 1
        try check(
            worksheet_insert_chart_opt(sheets[sheet].pointer, cellRow(row), cellColumn(column), chart, &options),
            row: row, sheet: sheet)
    }

    /// Sets every column's width to fit the widest cell written in it (between 6 and 60 characters).
    func fitColumns() {
        for (sheet, columns) in widths.enumerated() {
            for (column, width) in columns.enumerated() where width > 0 {
                let fitted = Double(min(max(width, 6), 60)) + 1.5
                worksheet_set_column(sheets[sheet].pointer, cellColumn(column), cellColumn(column), fitted, nil)
            }
        }
    }

    /// Writes the file and frees the workbook.
    func close() throws {
        guard let workbook else { return }
        self.workbook = nil
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw ExportError(operation: "writing the workbook", subject: path, reason: Self.describe(result))
        }
    }

    private func check(_ result: lxw_error, row: Int, sheet: Int) throws {
        guard result != LXW_NO_ERROR else { return }
        if row >= Self.maximumRows {
            throw ExportError(
                operation: "writing the workbook", subject: path,
                reason: "a worksheet holds at most \(Self.maximumRows - 1) rows below its header; "
                    + "narrow --since/--until or --brand, or export CSV")
        }
        throw ExportError(
            operation: "writing row \(row + 1) of sheet \(sheets[sheet].name)", subject: path,
            reason: Self.describe(result))
    }

    private func note(width: Int, sheet: Int, column: Int) {
        if widths[sheet].count <= column {
            widths[sheet] += Array(repeating: 0, count: column + 1 - widths[sheet].count)
        }
        widths[sheet][column] = max(widths[sheet][column], width)
    }

    private func cellRow(_ row: Int) -> lxw_row_t { lxw_row_t(clamping: row) }
    private func cellColumn(_ column: Int) -> lxw_col_t { lxw_col_t(clamping: column) }

    private static func describe(_ error: lxw_error) -> String {
        lxw_strerror(error).map { String(cString: $0) } ?? "libxlsxwriter error \(error.rawValue)"
    }

    /// `A`…`Z`, `AA`… for a zero-based column.
    static func columnName(_ column: Int) -> String {
        var name = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// The longest line of `text`, in scalars (what a column must show).
    private static func width(of text: String) -> Int {
        var longest = 0
        var current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                longest = max(longest, current)
                current = 0
            } else {
                current += 1
            }
            if current > 60 { return 60 }
        }
        return max(longest, current)
    }

    /// `text` as a cell may hold it: control characters XML forbids replaced by U+FFFD, cut at
    /// ``maximumText`` scalars.
    static func cellText(_ text: String) -> String {
        var clean = true
        for byte in text.utf8 where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            clean = false
            break
        }
        if clean && text.utf8.count <= maximumText { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(maximumText) {
            let forbidden = scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
            scalars.append(forbidden ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}
