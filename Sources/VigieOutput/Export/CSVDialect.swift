/// How a CSV file is written: RFC 4180 for tools, or for a person opening it in a spreadsheet.
///
/// Every dialect ends lines with CRLF, quotes a field whenever it holds `,`,
/// `;`, a tab, a double quote or a line break (so that no field spills into
/// the next column whichever of Calc's or Excel's default separators the import
/// uses), doubles the quotes inside, writes numbers with fixed decimals, and
/// neutralises text cells a spreadsheet would run as a formula (see
/// ``CSVLine/text(_:)``): the texts exported come from feeds anyone can
/// write, and a `.csv` opens in a spreadsheet with a double click whatever the
/// tool it was meant for.
public struct CSVDialect: Sendable, Hashable {
    /// The field separator: `,` or `;`.
    public var separator: UInt8
    /// The decimal separator of numbers: `.` or `,` (French spreadsheets read `0,25`, not `0.25`).
    public var decimalSeparator: UInt8
    /// Start the file with a UTF-8 byte order mark, which Excel needs to read UTF-8.
    public var byteOrderMark: Bool
    /// Write times as a local `YYYY-MM-DD HH:MM:SS` that spreadsheets read as a date, followed by a
    /// `utc_offset` column (`UTC+01:00`); otherwise as ISO 8601 with the offset in the same cell.
    public var spreadsheetTimes: Bool

    /// A dialect; see ``standard`` and ``excel(_:)``.
    public init(separator: UInt8, decimalSeparator: UInt8, byteOrderMark: Bool, spreadsheetTimes: Bool) {
        self.separator = separator
        self.decimalSeparator = decimalSeparator
        self.byteOrderMark = byteOrderMark
        self.spreadsheetTimes = spreadsheetTimes
    }

    /// The conventions of a spreadsheet user's locale.
    public enum Locale: String, Sendable, Hashable, CaseIterable {
        /// French (and most of continental Europe): `;` between fields, decimal comma.
        case fr
        /// English: `,` between fields, decimal point.
        case en
    }

    /// RFC 4180, for tools: `,`, decimal point, UTF-8 without BOM, ISO 8601 times with their offset.
    public static let standard = CSVDialect(
        separator: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: "."), byteOrderMark: false,
        spreadsheetTimes: false)

    /// For a spreadsheet in `locale` (`--excel`): a UTF-8 BOM, local date-times and a `utc_offset`
    /// column; `;` and decimal commas in French, `,` and decimal points in English.
    public static func excel(_ locale: Locale) -> CSVDialect {
        switch locale {
        case .fr:
            CSVDialect(
                separator: UInt8(ascii: ";"), decimalSeparator: UInt8(ascii: ","), byteOrderMark: true,
                spreadsheetTimes: true)
        case .en:
            CSVDialect(
                separator: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: "."), byteOrderMark: true,
                spreadsheetTimes: true)
        }
    }

    /// The byte order mark the file starts with, if any.
    public var preamble: [UInt8] { byteOrderMark ? [0xEF, 0xBB, 0xBF] : [] }

    /// The header line of `columns` after the preamble, `timeColumn` followed by `utc_offset` in the
    /// spreadsheet form.
    public func header(_ columns: [String], timeColumn: String) -> [UInt8] {
        var line = CSVLine(dialect: self)
        for name in spreadsheetTimes ? Self.withOffset(columns, after: timeColumn) : columns { line.text(name) }
        return preamble + line.finish()
    }

    /// `columns` with `utc_offset` after `timeColumn`: the columns of the spreadsheet forms.
    public static func withOffset(_ columns: [String], after timeColumn: String) -> [String] {
        columns.flatMap { $0 == timeColumn ? [$0, "utc_offset"] : [$0] }
    }
}
