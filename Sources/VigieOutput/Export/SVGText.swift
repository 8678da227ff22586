import Foundation

/// An SVG document being written as text, with XML escaping done once, here.
struct SVGText {
    private(set) var document = ""
    private var depth = 0

    static func escape(_ value: String) -> String {
        // Most values (numbers, class names) have nothing to escape.
        let plain = value.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
        }
        if plain { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // Control characters are not allowed in XML 1.0.
            case "\t", "\n", "\r": result.unicodeScalars.append(character)
            case _ where character.value < 0x20: result += " "
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A coordinate with at most 2 decimals, no trailing zeros, a dot.
    static func format(_ value: Double) -> String {
        // In whole hundredths, with integers: `String(format:)` costs a chart of a few thousand numbers
        // tens of milliseconds on Linux.
        let hundredths = (value * 100).rounded()
        guard abs(hundredths) < 9e15 else { return String(format: "%.2f", value) }
        let whole = Int64(hundredths)
        let digits = whole.magnitude
        let (integer, fraction) = digits.quotientAndRemainder(dividingBy: 100)
        let sign = whole < 0 ? "-" : ""
        if fraction == 0 { return sign + String(integer) }
        if fraction % 10 == 0 { return "\(sign)\(integer).\(fraction / 10)" }
        return "\(sign)\(integer).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    func number(_ value: Double) -> String { Self.format(value) }

    private mutating func indent() { document += String(repeating: "  ", count: depth) }

    private func attributes(_ attributes: [(String, String)]) -> String {
        var text = ""
        for (name, value) in attributes {
            text += " "
            text += name
            text += "=\""
            text += Self.escape(value)
            text += "\""
        }
        return text
    }

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        if depth == 0 && document.isEmpty { document += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        indent()
        document += "<\(name)\(self.attributes(attributes))>\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        document += "</\(name)>\n"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        indent()
        if let content {
            document += "<\(name)\(self.attributes(attributes))>\(Self.escape(content))</\(name)>\n"
        } else {
            document += "<\(name)\(self.attributes(attributes))/>\n"
        }
    }

    mutating func text(_ content: String, x: Double, y: Double, _ attributes: [(String, String)]) {
        element("text", [("x", Self.format(x)), ("y", Self.format(y))] + attributes, content: content)
    }
}
