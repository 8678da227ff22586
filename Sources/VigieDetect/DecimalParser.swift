import Foundation

/// Reads a decimal number from bytes without making a `String`: the fast path handles what a CSV of
/// scores holds (`-0.4215`, `0.0`, `1e-3`), anything longer falls back to `strtod`.
enum DecimalParser {
    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        let count = bytes.count
        while i < count && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
        var end = count
        while end > i && (bytes[end - 1] == 32 || bytes[end - 1] == 9) { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 45 || bytes[i] == 43 {
            negative = bytes[i] == 45
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var sawDigit = false
        while i < end, case let d = bytes[i] &- 48, d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            sawDigit = true
            i += 1
        }
        if i < end && bytes[i] == 46 {
            i += 1
            while i < end, case let d = bytes[i] &- 48, d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                scale -= 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end && (bytes[i] == 101 || bytes[i] == 69) {
            i += 1
            var expNegative = false
            if i < end && (bytes[i] == 45 || bytes[i] == 43) {
                expNegative = bytes[i] == 45
                i += 1
            }
            var exponent = 0
            var sawExp = false
            while i < end, case let d = bytes[i] &- 48, d < 10 {
                exponent = min(exponent * 10 + Int(d), 10_000)
                sawExp = true
                i += 1
            }
            guard sawExp else { return nil }
            scale += expNegative ? -exponent : exponent
        }
        guard i == end else { return nil }
        if digits <= 15 && scale >= -22 && scale <= 22 {
            // Both operands are exact, so one division or product is correctly rounded.
            let m = Double(mantissa)
            let value = scale < 0 ? m / powers[-scale] : m * powers[scale]
            return negative ? -value : value
        }
        var text = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> Double? in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var stop: UnsafeMutablePointer<CChar>?
                let value = strtod(chars.baseAddress!, &stop)
                guard let stop, stop.pointee == 0 || stop.pointee == 32 || stop.pointee == 9 else { return nil }
                return value.isFinite ? value : nil
            }
        }
    }
}
