import VigieCore

/// What ``MainContent`` counts in a text node's bytes, read sixteen at a time (``ByteScan``): it measures
/// every text node of a page, and the byte-at-a-time loops were a tenth of its instructions.
enum TextCounts {
    /// Bytes other than white space (space, tab, line feed, carriage return).
    static func visibleBytes(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        let n = text.count
        var count = 0
        var i = 0
        while i + 16 <= n {
            let block = ByteScan.load(base, i)
            let blank =
                ByteScan.equal(block, 0x20) .| ByteScan.equal(block, 0x0A) .| ByteScan.equal(block, 0x09)
                .| ByteScan.equal(block, 0x0D)
            count += 16 - lanes(blank)
            i += 16
        }
        while i < n {
            let byte = text[i]
            if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { count += 1 }
            i += 1
        }
        return count
    }

    /// Commas in `text`, counted up to `limit`: `,` and the "，" and "、" (U+FF0C, U+3001) of Chinese and
    /// Japanese.
    static func commas(_ text: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        let n = text.count
        var count = 0
        var i = 0
        while i < n && count < limit {
            i = ByteScan.skip(text, from: i) {
                ByteScan.equal($0, 0x2C) .| ByteScan.equal($0, 0xEF) .| ByteScan.equal($0, 0xE3)
            }
            guard i < n else { break }
            let byte = text[i]
            if byte == 0x2C
                || (byte == 0xEF && i + 2 < n && text[i + 1] == 0xBC && text[i + 2] == 0x8C)
                || (byte == 0xE3 && i + 2 < n && text[i + 1] == 0x80 && text[i + 2] == 0x81)
            {
                count += 1
            }
            i += 1
        }
        return count
    }

    /// The number of lanes `lanes` picks.
    private static func lanes(_ lanes: ByteScan.Lanes) -> Int {
        // Each lane is 0x00 or 0xFF: eight set bits a picked lane.
        let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        return (words[0].nonzeroBitCount + words[1].nonzeroBitCount) >> 3
    }
}
