/// How a CSV file is written: RFC 4180 for tools, or what French Excel expects.
///
/// Both dialects end lines with CRLF (RFC 4180), quote a field when it holds
/// the separator, a double quote or a line break, double the quotes inside,
/// and write numbers with a dot and fixed precision. Both neutralise text
/// cells that a spreadsheet would run as a formula: the texts exported come
/// from feeds anyone can write, and a `.csv` opens in a spreadsheet with a
/// double click whatever the tool it was meant for.
public struct CSVDialect: Sendable, Hashable {
    /// The field separator: `,` (RFC 4180) or `;` (Excel in a locale whose decimal separator is a comma).
    public var separator: UInt8
    /// Start the file with a UTF-8 byte order mark, which Excel needs to read UTF-8.
    public var byteOrderMark: Bool
    /// Neutralise text cells that a spreadsheet would read as a formula
    /// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) by
    /// prefixing them with `'` — the OWASP advice against CSV injection.
    public var neutraliseFormulas: Bool

    /// A dialect; see ``standard`` and ``excel``.
    public init(separator: UInt8, byteOrderMark: Bool, neutraliseFormulas: Bool) {
        self.separator = separator
        self.byteOrderMark = byteOrderMark
        self.neutraliseFormulas = neutraliseFormulas
    }

    /// RFC 4180: `,`, UTF-8 without BOM, formulas neutralised.
    public static let standard = CSVDialect(
        separator: UInt8(ascii: ","), byteOrderMark: false, neutraliseFormulas: true)
    /// For Excel (French locale): `;`, a UTF-8 BOM, formulas neutralised.
    public static let excel = CSVDialect(separator: UInt8(ascii: ";"), byteOrderMark: true, neutraliseFormulas: true)
}
