import Testing
import VigieCore

/// The block scan finds what a byte-by-byte scan finds, wherever the byte falls in a block.
@Suite struct ByteScanTests {
    /// The bytes JSON escapes, the widest test the scan serves.
    static func escapes(_ block: ByteScan.Block) -> ByteScan.Lanes {
        ByteScan.below(block, 0x20) .| ByteScan.equal(block, 0x22) .| ByteScan.high(block)
    }

    static func isEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte >= 0x80 }

    @Test func theFirstInterestingByteIsFoundAtEveryOffset() {
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 70] {
            for position in 0..<max(length, 1) {
                for special: UInt8 in [0x00, 0x1F, 0x22, 0x80, 0xFF] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if position < length { bytes[position] = special }
                    bytes.withUnsafeBufferPointer { buffer in
                        for start in [0, 1, 5] where start <= length {
                            let found = ByteScan.skip(buffer, from: start, until: Self.escapes)
                            let expected = (start..<length).first { Self.isEscape(buffer[$0]) } ?? length
                            #expect(found == expected, "length \(length), byte at \(position), from \(start)")
                        }
                    }
                }
            }
        }
    }

    @Test func aPlainBufferIsSkippedToItsEnd() {
        let bytes = [UInt8](repeating: UInt8(ascii: "z"), count: 40)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(ByteScan.skip(buffer, from: 0, until: Self.escapes) == 40)
            #expect(ByteScan.skip(buffer, from: 3, until: Self.escapes) == 40)
            #expect(ByteScan.skip(UnsafeBufferPointer(rebasing: buffer[..<5]), from: 0, until: Self.escapes) == 5)
        }
    }

    @Test func theLastBytesAreReadAsOneBlockFilledWithTheLetterA() {
        let bytes: [UInt8] = [0x01, 0x22, 0x80]
        bytes.withUnsafeBufferPointer { buffer in
            let block = ByteScan.tail(buffer.baseAddress!, count: 3)
            #expect(block[0] == 0x01 && block[1] == 0x22 && block[2] == 0x80)
            #expect((3..<16).allSatisfy { block[$0] == UInt8(ascii: "a") })
            #expect(ByteScan.first(Self.escapes(ByteScan.tail(buffer.baseAddress! + 3, count: 0))) == nil)
        }
    }

    @Test func theFirstLaneIsTheLowestPicked() {
        var block = ByteScan.Block(repeating: 0x41)
        #expect(ByteScan.first(ByteScan.equal(block, 0x42)) == nil)
        block[11] = 0x42
        block[14] = 0x42
        #expect(ByteScan.first(ByteScan.equal(block, 0x42)) == 11)
        block[3] = 0x42
        #expect(ByteScan.first(ByteScan.equal(block, 0x42)) == 3)
        block[0] = 0x10
        #expect(ByteScan.first(ByteScan.below(block, 0x20)) == 0)
    }
}
