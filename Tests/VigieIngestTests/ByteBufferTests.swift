import Testing

@testable import VigieIngest

/// `ByteBuffer` holds exactly what an array given the same appends would.
@Suite struct ByteBufferTests {
    @Test func holdsWhatAnArrayGivenTheSameAppendsHolds() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var buffer = ByteBuffer(capacity: round % 40)
            var array: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0:
                    let byte = UInt8.random(in: 0...255, using: &generator)
                    buffer.append(byte)
                    array.append(byte)
                case 1:
                    let run = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                    run.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
                    array.append(contentsOf: run)
                case 2:
                    buffer.reserve(Int.random(in: 0..<2_000, using: &generator))
                default:
                    #expect(buffer.last == array.last)
                    if !array.isEmpty { #expect(buffer.removeLast() == array.removeLast()) }
                }
                #expect(buffer.count == array.count)
            }
            #expect(buffer.isEmpty == array.isEmpty)
            #expect(buffer.withUnsafeBufferPointer { Array($0) } == array)
        }
    }

    @Test func theEscapingHelpersWriteTheSameIntoBoth() {
        let text = Array("a < b & c > \"d\" \u{C2}\u{85} é €".utf8)
        var buffer = ByteBuffer()
        var array: [UInt8] = []
        text.withUnsafeBufferPointer {
            buffer.appendEscaped($0, quote: true)
            array.appendEscaped($0, quote: true)
        }
        buffer.appendScalar(0x1F600)
        array.appendScalar(0x1F600)
        #expect(buffer.withUnsafeBufferPointer { Array($0) } == array)
        #expect(String(decoding: array, as: UTF8.self).hasPrefix("a &lt; b &amp; c &gt; &quot;d&quot;"))
    }
}
