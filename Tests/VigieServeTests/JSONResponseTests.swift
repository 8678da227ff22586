import Foundation
import Testing

@testable import VigieServe

/// The API's JSON writer: what it writes reads back, through Foundation's parser, as what it was given.
@Suite struct JSONResponseTests {
    static func written(_ value: Any) -> String? {
        var bytes: [UInt8] = []
        return JSONResponse.write(value, to: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    @Test func valuesReadBackAsTheyWere() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"n": 7, "x": 0.25, "t": true, "f": false}"#.utf8))
        let value: [String: Any] = [
            "text": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} é 💥",
            "integer": 42, "negative": -7, "big": Int64(1) << 40, "ratio": 0.1, "whole": 3.0, "tiny": 1e-7,
            "yes": true, "no": false, "none": NSNull(), "list": [1, "two", [3.5], [:] as [String: Any]],
            "parsed": parsed, "zz_last": 1, "A_upper": 2, "a_lower": 3,
        ]
        let text = try #require(Self.written(value))
        // Read back and written again by Foundation, it is what Foundation writes of the original.
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8))
        func foundation(_ value: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try foundation(back) == foundation(value), "\(text)")
        // Booleans stay booleans and numbers stay numbers, parsed ones included.
        #expect(text.contains(#""parsed":{"f":false,"n":7,"t":true,"x":0.25}"#))
        #expect(text.contains(#""whole":3,"#) && text.contains(#""yes":true"#) && text.contains(#""integer":42"#))
        // Keys in byte order, slashes as they are.
        #expect(text.hasPrefix(#"{"A_upper":2,"a_lower":3,"big":1099511627776,"#))
        #expect(text.contains("slash / newline"))
    }

    @Test func whatJSONCannotHoldIsRefused() {
        #expect(Self.written(["nan": Double.nan] as [String: Any]) == nil)
        #expect(Self.written([Date()]) == nil)
    }
}
