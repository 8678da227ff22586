import Foundation
import Testing
import VigieCore

/// The one JSON-lines writer: every command's numbers and strings go through it.
@Suite struct JSONLineTests {
    static func number(_ value: Double, digits: Int = 4) -> String {
        var bytes: [UInt8] = []
        JSONLine.appendNumber(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (0.0, "0"), (1.0, "1"), (-0.62, "-0.62"), (0.0050, "0.005"), (-0.00004, "0"), (0.99996, "1"),
        (12.5, "12.5"), (-3.0001, "-3.0001"), (1234567.25, "1234567.25"),
    ])
    func numbersHaveNoTrailingZerosAndNoExponent(value: Double, expected: String) {
        #expect(Self.number(value) == expected)
    }

    @Test func fewerDigitsRoundAtThatDigit() {
        #expect(Self.number(2.71828, digits: 3) == "2.718")
        #expect(Self.number(0.0004, digits: 3) == "0")
        #expect(Self.number(0.0005, digits: 3) == "0.001")
    }

    @Test(arguments: [Int64(0), 7, 10, -10, 1_234_567_890, Int64.max, Int64.min])
    func integersAreWrittenAsSwiftWritesThem(value: Int64) {
        var bytes: [UInt8] = []
        JSONLine.appendInteger(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }

    @Test func aLineIsValidJSONThatReadsBackTheSameValues() throws {
        var line = JSONLine()
        line.field("text", "quote \" backslash \\ tab \t newline \n bell \u{7} del \u{7F} é 日本")
        line.field("score", -0.6243)
        line.field("missing", nil as String?)
        line.field("infinite", Double.infinity)
        line.field("count", 42)
        line.field("terms", ["panne", "#orange"])
        line.field("mentions", objects: [1, 2]) { value, object in object.field("n", value) }
        let bytes = line.finish()
        #expect(bytes.last == UInt8(ascii: "\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["text"] as? String == "quote \" backslash \\ tab \t newline \n bell \u{7} del \u{7F} é 日本")
        #expect(object["score"] as? Double == -0.6243)
        #expect(object["missing"] is NSNull)
        #expect(object["infinite"] is NSNull)
        #expect(object["count"] as? Int == 42)
        #expect(object["terms"] as? [String] == ["panne", "#orange"])
        #expect((object["mentions"] as? [[String: Int]])?.map { $0["n"] } == [1, 2])
    }

    /// Every byte JSON escapes, at every offset of an eight-byte word, between runs of plain text.
    @Test func escapesEveryControlQuoteBackslashAndDeleteWhereverItFalls() throws {
        let specials: [UInt8] = Array(0..<0x20) + [0x22, 0x5C, 0x7F]
        for special in specials {
            for offset in 0..<9 {
                let text =
                    String(repeating: "a", count: offset) + String(decoding: [special], as: UTF8.self) + "é plain text"
                var line = JSONLine()
                line.field("text", text)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.finish())) as? [String: String])
                #expect(object["text"] == text)
            }
        }
    }

    @Test func datesAreWrittenInUTCAndAbsentOnesAsNull() {
        var line = JSONLine()
        line.field("published", date: Date(timeIntervalSince1970: 1_714_550_400.75))
        line.field("updated", date: nil)
        line.field("old", date: Date(timeIntervalSince1970: -1))
        #expect(
            String(decoding: line.finish(newline: false), as: UTF8.self)
                == #"{"published":"2024-05-01T08:00:00Z","updated":null,"old":"1969-12-31T23:59:59Z"}"#)
    }
}
