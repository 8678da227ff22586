/// Reusable storage for the tokens of one text: the keys live in one byte arena so that
/// tokenizing allocates nothing once the buffers have grown to the longest text seen.
struct TokenBuffer: Sendable {
    var keys: [UInt8] = []
    var tokens: [Token] = []
    /// How many "!" and "?" the text holds.
    var exclamations = 0
    var questions = 0

    init() {
        keys.reserveCapacity(1024)
        tokens.reserveCapacity(256)
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        exclamations = 0
        questions = 0
    }

    /// The key of token `index` as a string (for explanations and tests).
    func key(_ index: Int) -> String {
        let t = tokens[index]
        return String(decoding: keys[Int(t.start)..<Int(t.start + t.length)], as: UTF8.self)
    }
}
