/// A text folded and cut into words once, ready for every brand's query.
///
/// Words are runs of letters and digits. Everything else separates words, the
/// apostrophe included, so the French elisions `l'Orange` and `d’Acme` give the
/// words `l`, `orange` and `d`, `acme`, and `jus d'orange` gives `jus`, `d`,
/// `orange`. A `#` or `@` that starts a word (at the start of the text or after
/// a separator) makes it a hashtag or a handle, which may also hold `_`:
/// `#Crédit_Agricole` is the hashtag `credit_agricole`; the `@` of an e-mail
/// address (`contact@acme.fr`) separates words.
///
/// ```swift
/// let text = TokenizedText("L’Orange de #Paris")
/// text.tokens.map(\.text)  // ["l", "orange", "de", "paris"]
/// ```
public struct TokenizedText: Sendable {
    /// The words in reading order; a word's position is its index here.
    public private(set) var tokens: [Token] = []
    /// Each distinct word's first and last position; the positions between are
    /// chained through `nextSame`, so indexing allocates nothing per word.
    private var chains: [Token: Chain] = [:]
    /// For each position, the next position of the same word, or -1.
    private var nextSame: [Int32] = []

    struct Chain: Sendable {
        var first: Int32
        var last: Int32
    }

    /// Folds and tokenises `text`.
    public init(_ text: String) {
        tokens.reserveCapacity(text.utf8.count / 5)
        nextSame.reserveCapacity(text.utf8.count / 5)
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var form = Token.Form.word
        var previousWasWordish = false
        var pendingMarker: Token.Form?

        for original in text.unicodeScalars {
            TextFolding.forEachFolded(original) { scalar in
                if Self.isWordScalar(scalar) {
                    if word.isEmpty, let marker = pendingMarker {
                        form = marker
                    }
                    pendingMarker = nil
                    TextFolding.appendUTF8(scalar, to: &word)
                    previousWasWordish = true
                } else if scalar == "_" && form != .word && !word.isEmpty {
                    word.append(0x5F)
                } else {
                    if !word.isEmpty {
                        append(Token(String(decoding: word, as: UTF8.self), form: form))
                        word.removeAll(keepingCapacity: true)
                    }
                    form = .word
                    if (scalar == "#" || scalar == "@") && !previousWasWordish {
                        pendingMarker = scalar == "#" ? .hashtag : .handle
                    } else {
                        pendingMarker = nil
                    }
                    previousWasWordish = false
                }
            }
        }
        if !word.isEmpty {
            append(Token(String(decoding: word, as: UTF8.self), form: form))
        }
    }

    private mutating func append(_ token: Token) {
        let position = Int32(truncatingIfNeeded: tokens.count)
        nextSame.append(-1)
        tokens.append(token)
        if let index = chains.index(forKey: token) {
            let last = chains.values[index].last
            nextSame[Int(last)] = position
            chains.values[index].last = position
        } else {
            chains[token] = Chain(first: position, last: position)
        }
    }

    /// Each distinct word once, in no particular order.
    var distinctTokens: Dictionary<Token, Chain>.Keys { chains.keys }

    /// Whether `token` occurs at all.
    public func contains(_ token: Token) -> Bool {
        chains[token] != nil
    }

    /// Every position where `token` occurs, in increasing order.
    public func positions(of token: Token) -> [Int] {
        guard let chain = chains[token] else { return [] }
        var found: [Int] = []
        var position = chain.first
        while position >= 0 {
            found.append(Int(position))
            position = nextSame[Int(position)]
        }
        return found
    }

    /// The number of words.
    public var count: Int { tokens.count }

    /// Whether a scalar of folded text belongs to a word.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
                || (value >= 0x41 && value <= 0x5A)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }
}
