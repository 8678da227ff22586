import Foundation

/// Builds one JSON object as UTF-8 bytes, fast and without `JSONEncoder`:
/// the commands that promise JSON lines write thousands of them a second.
///
/// ```swift
/// var line = JSONLine()
/// line.field("lang", "fr")
/// line.field("score", -0.62)
/// output.write(line.finish())   // {"lang":"fr","score":-0.62}\n
/// ```
public struct JSONLine: Sendable {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    public init() { bytes.reserveCapacity(256) }

    /// A line expected to hold about `capacity` bytes (reserved once, not grown by doubling).
    public init(capacity: Int) { bytes.reserveCapacity(max(256, capacity)) }

    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func null() {
        JSONLine.appendASCII("null", to: &bytes)
    }

    /// A string field (`null` when `value` is nil).
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { JSONLine.appendString(value, to: &bytes) } else { null() }
    }

    /// A timestamp field, `YYYY-MM-DDTHH:MM:SSZ` in UTC (`null` when `value` is nil).
    public mutating func field(_ name: StaticString, date value: Date?) {
        key(name)
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number field, written with up to `digits` decimals (`null` when nil or not finite).
    public mutating func field(_ name: StaticString, _ value: Double?, digits: Int = 4) {
        key(name)
        guard let value, value.isFinite else { return null() }
        JSONLine.appendNumber(value, digits: digits, to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        JSONLine.appendInteger(Int64(value), to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        if value { JSONLine.appendASCII("true", to: &bytes) } else { JSONLine.appendASCII("false", to: &bytes) }
    }

    /// An array of strings.
    public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONLine.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of objects, each written by `write` straight into this line's buffer.
    public mutating func field<Element>(
        _ name: StaticString, objects: [Element], _ write: (Element, inout JSONLine) -> Void
    ) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        var object = JSONLine()
        for (index, element) in objects.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            // The nested object writes into this line's buffer: swapped, never copied.
            object.bytes = []
            swap(&object.bytes, &bytes)
            object.bytes.append(UInt8(ascii: "{"))
            object.first = true
            write(element, &object)
            swap(&object.bytes, &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A field whose value is already JSON (an array of objects, a nested object).
    public mutating func field(_ name: StaticString, raw: [UInt8]) {
        key(name)
        bytes.append(contentsOf: raw)
    }

    /// The object, closed, with its newline.
    public mutating func finish(newline: Bool = true) -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        if newline { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }

    /// Appends `value` as a JSON string literal (runs of plain bytes are copied at once).
    public static func appendString(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendString($0, to: &bytes) }
    }

    /// Appends UTF-8 bytes as a JSON string literal (runs of plain bytes are copied at once).
    public static func appendString(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let count = utf8.count
        while i < count {
            i = ByteScan.skip(utf8, from: i, until: needsEscape)
            guard i < count else { break }
            let byte = utf8[i]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F {
                i += 1
                continue
            }
            if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            bytes.append(0x5C)
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { digits in
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(0x30)
                    bytes.append(0x30)
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0xF)])
                }
            }
            i += 1
            runStart = i
        }
        if count > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The bytes JSON escapes: controls, `"`, `\\` and DEL.
    @inline(__always)
    private static func needsEscape(_ block: ByteScan.Block) -> ByteScan.Lanes {
        ByteScan.below(block, 0x20) .| ByteScan.equal(block, 0x22) .| ByteScan.equal(block, 0x5C)
            .| ByteScan.equal(block, 0x7F)
    }

    static func appendASCII(_ literal: StaticString, to bytes: inout [UInt8]) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a number with at most `digits` decimals, no exponent, no trailing zeros (`-0.62`, `0`, `1.5`),
    /// without allocating: `vigie score` writes four of them per line.
    public static func appendNumber(_ value: Double, digits: Int, to bytes: inout [UInt8]) {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        if scaled >= 9.0e15 {
            bytes.append(contentsOf: Array(String(value).utf8))
            return
        }
        let integer = Int64(scaled)
        if value < 0 && integer != 0 { bytes.append(UInt8(ascii: "-")) }
        let unit = Int64(scale)
        appendInteger(integer / unit, to: &bytes)
        var fraction = integer % unit
        guard fraction > 0 else { return }
        var width = digits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        bytes.append(UInt8(ascii: "."))
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((fraction / divisor) % 10))
            divisor /= 10
        }
    }

    /// Appends an integer in decimal, without allocating.
    public static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, to: &bytes)
    }

    private static func appendDigits(_ value: UInt64, to bytes: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
