import Testing

@testable import VigieIngest

/// A literal is found where it is, whichever of its bytes the search looks for first.
@Suite struct BytePatternTests {
    static func naive(_ text: [UInt8], _ pattern: [UInt8], from: Int) -> Int? {
        guard max(0, from) <= text.count - pattern.count else { return nil }
        return (max(0, from)...(text.count - pattern.count)).first { Array(text[$0..<($0 + pattern.count)]) == pattern }
    }

    @Test func findIsTheFirstOccurrenceForAnyAnchor() {
        let texts = [
            "", "<", "<?", "a<?vigie-cdata", "<?vigie-cdat <?vigie-cdata 1?>", "??<?vigie-cdata", "x<?vigie-cdata?<",
            "<?vigie-cdata", "<<??vigie-cdata<?vigie-cdata",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                for from in 0...max(0, bytes.count) {
                    let expected = Self.naive(bytes, Array("<?vigie-cdata".utf8), from: from)
                    #expect(BytePattern.find(buffer, "<?vigie-cdata", from: from) == expected, "\(text) from \(from)")
                    #expect(
                        BytePattern.find(buffer, "<?vigie-cdata", from: from, anchor: 1) == expected,
                        "\(text) from \(from)")
                }
            }
        }
    }

    @Test func startsComparesEveryByte() {
        let bytes = Array("<![CDATA[x]]>".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(BytePattern.starts(buffer, at: 0, with: "<![CDATA["))
            #expect(!BytePattern.starts(buffer, at: 0, with: "<![CDATA[x]]>!"))
            #expect(!BytePattern.starts(buffer, at: 1, with: "<!"))
            #expect(BytePattern.starts(buffer, at: 10, with: "]]>"))
        }
    }
}
