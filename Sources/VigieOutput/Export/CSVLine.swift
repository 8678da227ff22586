import Foundation

/// One CSV record being written as bytes, field by field, in a ``CSVDialect``.
///
/// ```swift
/// var line = CSVLine(dialect: .standard)
/// line.text("Cerise, \"la\" box")
/// line.number(0.25, decimals: 3)
/// output.write(line.finish())   // "\"Cerise, \"\"la\"\" box\",0.250\r\n"
/// ```
public struct CSVLine: Sendable {
    /// The dialect the line is written in.
    public let dialect: CSVDialect
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var fields = 0

    /// An empty line.
    public init(dialect: CSVDialect) {
        self.dialect = dialect
        bytes.reserveCapacity(256)
    }

    /// Starts the next record, keeping the buffer's capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        fields = 0
    }

    private mutating func separate() {
        if fields > 0 { bytes.append(dialect.separator) }
        fields += 1
    }

    /// A text cell, quoted when it holds `,`, `;`, a tab, a quote or a line break, and neutralised when a
    /// spreadsheet would run it: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
    /// a leading `'` (the OWASP advice against CSV injection), in every dialect.
    public mutating func text(_ value: String) {
        separate()
        let utf8 = value.utf8
        var needsQuotes = false
        for byte in utf8 where CSVLine.quotedBytes.contains(byte) {
            needsQuotes = true
            break
        }
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
        if let first = utf8.first, CSVLine.formulaStarts.contains(first) { bytes.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// A whole number.
    public mutating func integer(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number with exactly `decimals` decimals after the dialect's decimal separator (`-0.000` is
    /// written `0.000`).
    /// A decimal comma is a separator to an import that splits on `,` too (Calc's default): such a number
    /// is quoted, which spreadsheets still read as a number.
    public mutating func number(_ value: Double, decimals: Int) {
        separate()
        let quoted = decimals > 0 && CSVLine.quotedBytes.contains(dialect.decimalSeparator)
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        CSVLine.appendFixed(value, decimals: decimals, point: dialect.decimalSeparator, to: &bytes)
        if quoted { bytes.append(UInt8(ascii: "\"")) }
    }

    /// An empty cell.
    public mutating func empty() {
        separate()
    }

    /// An instant: one ISO 8601 cell with its offset (`2026-10-25T02:00:00+01:00`), or in the spreadsheet
    /// form two cells, the local date-time a spreadsheet reads as a date and the offset as text
    /// (`2026-10-25 02:00:00`, `UTC+01:00`), so that the hour lived twice in autumn stays two rows.
    public mutating func time(_ date: Date, in timestamp: inout ExportTimestamp) {
        separate()
        guard dialect.spreadsheetTimes else { return timestamp.append(date, to: &bytes) }
        let offset = timestamp.appendLocal(date, separator: UInt8(ascii: " "), to: &bytes)
        separate()
        ExportTimestamp.appendOffsetLabel(offset, to: &bytes)
    }

    /// Ends the record with CRLF and returns its bytes.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static let quotedBytes: Set<UInt8> = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "\""), UInt8(ascii: "\n"),
        UInt8(ascii: "\r"),
    ]

    static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"),
        UInt8(ascii: "\r"),
    ]

    /// Fixed-point decimal text of `value` with `point` before the decimals, without going through
    /// `String(format:)` (locale-free, fast).
    static func appendFixed(_ value: Double, decimals: Int, point: UInt8, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else {
            let text = String(format: "%.\(decimals)f", value).utf8
            bytes.append(contentsOf: text.map { $0 == UInt8(ascii: ".") ? point : $0 })
            return
        }
        var units = Int64(scaled)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        var divisor: Int64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let whole = units / divisor
        units %= divisor
        bytes.append(contentsOf: String(whole).utf8)
        guard decimals > 0 else { return }
        bytes.append(point)
        var fraction: [UInt8] = Array(repeating: UInt8(ascii: "0"), count: decimals)
        var index = decimals - 1
        while index >= 0 {
            fraction[index] = UInt8(ascii: "0") + UInt8(units % 10)
            units /= 10
            index -= 1
        }
        bytes.append(contentsOf: fraction)
    }
}
