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

    /// A text cell, quoted when needed, neutralised against formulas when the dialect says so.
    public mutating func text(_ value: String) {
        separate()
        let utf8 = value.utf8
        var needsQuotes = false
        for byte in utf8
        where byte == dialect.separator || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
        {
            needsQuotes = true
            break
        }
        let neutralise: Bool
        if dialect.neutraliseFormulas, let first = utf8.first {
            neutralise = CSVLine.formulaStarts.contains(first)
        } else {
            neutralise = false
        }
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
        if neutralise { bytes.append(UInt8(ascii: "'")) }
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

    /// A number with a dot and exactly `decimals` decimals (`-0.000` is written `0.000`).
    public mutating func number(_ value: Double, decimals: Int) {
        separate()
        CSVLine.appendFixed(value, decimals: decimals, to: &bytes)
    }

    /// An empty cell.
    public mutating func empty() {
        separate()
    }

    /// A cell already written, such as a timestamp: copied as it is (it must need no quoting).
    public mutating func raw(_ value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
    }

    /// Ends the record with CRLF and returns its bytes.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"),
        UInt8(ascii: "\r"),
    ]

    /// Fixed-point decimal text of `value`, without going through `String(format:)` (locale-free, fast).
    static func appendFixed(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else {
            bytes.append(contentsOf: String(format: "%.\(decimals)f", value).utf8)
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
        bytes.append(UInt8(ascii: "."))
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
