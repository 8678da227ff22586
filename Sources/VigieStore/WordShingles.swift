/// Word shingles of a folded text (``FoldedText``): the one shingling both
/// near-duplicate measures use, a story's (``StoryFingerprint``) and a watched
/// page's passages (``PageVersion``).
///
/// Each word is hashed (FNV-1a over its folded bytes); a shingle is the hash
/// of a run of consecutive word hashes.
enum WordShingles {
    /// The hashes of the words of folded UTF-8 bytes (words are separated by single spaces).
    static func words(_ folded: [UInt8]) -> [UInt64] {
        var words: [UInt64] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for byte in folded {
            if byte == 0x20 {
                if inWord { words.append(hash) }
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            } else {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                inWord = true
            }
        }
        if inWord { words.append(hash) }
        return words
    }

    /// The distinct shingles of `width` consecutive words (empty when there are fewer words).
    static func shingles(_ words: [UInt64], width: Int) -> Set<UInt64> {
        guard width > 0, words.count >= width else { return [] }
        var shingles = Set<UInt64>()
        shingles.reserveCapacity(words.count - width + 1)
        for start in 0...(words.count - width) {
            var shingle: UInt64 = 0
            for offset in 0..<width {
                shingle = mix(shingle &* 0x9E37_79B9_7F4A_7C15 ^ words[start + offset])
            }
            shingles.insert(shingle)
        }
        return shingles
    }

    /// SplitMix64's finaliser: every input bit moves every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
