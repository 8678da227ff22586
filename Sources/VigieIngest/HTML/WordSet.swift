/// A fixed set of lower-case ASCII words (the marker words of `class` and `id`
/// values), asked about a page's bytes where they stand.
///
/// Pages ask about every `class` token of every element: a `Set<String>` made
/// a `String` of each token and hashed it with SipHash, 30 M instructions on
/// the bench's every fifth page. Here a token's bytes are hashed (FNV-1a,
/// lowering ASCII letters on the way) and compared in place; no `String`.
struct WordSet: Sendable {
    /// The words, their bytes one after the other.
    private let bytes: [UInt8]
    /// Where each word starts in `bytes` (one more entry: the end of the last).
    private let starts: [Int]
    /// Open addressing: the number of a word plus one, 0 for an empty slot.
    private let slots: [UInt16]
    private let mask: Int
    /// The words themselves, for tokens that are not plain ASCII.
    private let words: [String]

    /// `words` must be lower-case ASCII.
    init(_ words: [String]) {
        precondition(words.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) } })
        var size = 16
        while size < words.count * 4 { size *= 2 }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var slots = [UInt16](repeating: 0, count: size)
        for (number, word) in words.enumerated() {
            starts.append(bytes.count)
            bytes.append(contentsOf: word.utf8)
            var slot = Array(word.utf8).withUnsafeBufferPointer { WordSet.hash($0) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt16(number + 1)
        }
        starts.append(bytes.count)
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = size - 1
        self.words = words
    }

    /// Whether `token`, its ASCII letters lowered, is one of the words: what
    /// a `Set<String>` of the words says of the lowered token, without the `String`.
    func contains(lowercasing token: UnsafeBufferPointer<UInt8>) -> Bool {
        number(lowercasing: token) != nil
    }

    /// The position in the words given to ``init(_:)`` of `token`, its ASCII letters lowered.
    func number(lowercasing token: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = WordSet.hash(token) & mask
        while true {
            let number = Int(slots[slot])
            if number == 0 { return nil }
            if matches(token, number - 1) { return number - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `word` (lower case, as `lowercased()` makes it) is one of the words, by `String` equality.
    func contains(_ word: String) -> Bool {
        var word = word
        // ASCII is equal only to itself, and a lower-case word is its own ASCII lowering.
        let asASCII: Bool? = word.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return contains(lowercasing: bytes) && !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A })
        }
        return asASCII ?? words.contains(word)
    }

    private func matches(_ token: UnsafeBufferPointer<UInt8>, _ number: Int) -> Bool {
        let start = starts[number]
        guard starts[number + 1] - start == token.count else { return false }
        for (offset, byte) in token.enumerated() where WordSet.lowered(byte) != bytes[start + offset] {
            return false
        }
        return true
    }

    /// FNV-1a over the bytes, ASCII letters lowered (so that a word and its upper case meet).
    static func hash(_ token: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in token { hash = (hash ^ UInt32(lowered(byte))) &* 0x0100_0193 }
        return Int(hash ^ (hash >> 16))
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
