/// A word or a phrase to find in a text, compared after folding.
///
/// A term is taken literally: `jus d'orange`, `Crédit Agricole` and
/// `Coca-Cola` are phrases whose words must follow each other; `#acme` only
/// finds the hashtag and `@acme` only the handle.
public struct Term: Sendable, Hashable, CustomStringConvertible {
    /// The term as it was written.
    public var text: String
    /// Its folded words, in order.
    public var words: [Token]

    /// Folds and tokenises `text` into a term.
    ///
    /// - Throws: ``QueryError`` when `text` holds no letter or digit.
    public init(_ text: String) throws(QueryError) {
        let words = TokenizedText(text).tokens
        guard !words.isEmpty else {
            throw QueryError(
                query: text, line: 1, column: 1,
                message: "\"\(text)\" has no letter or digit to look for")
        }
        self.text = text
        self.words = words
    }

    /// The term in query syntax, quoted unless it reads back as the same bare word.
    public var description: String {
        let delimiters: Set<Character> = ["\"", "(", ")", "“", "”", "«", "»", "„"]
        let isOperator = ["AND", "OR", "NOT", "&&", "||", "NEAR"].contains(text) || text.hasPrefix("NEAR/")
        if !isOperator && !text.isEmpty
            && !text.contains(where: { $0.isWhitespace || delimiters.contains($0) })
        {
            return text
        }
        for (open, close) in [("\"", "\""), ("“", "”"), ("«", "»")] where !text.contains(close) {
            return open + text + close
        }
        return "\"" + String(text.filter { $0 != "\"" }) + "\""
    }

    /// Whether this term's words appear, in order and contiguous, among `other`'s.
    func isContained(in other: Term) -> Bool {
        guard words.count <= other.words.count else { return false }
        for start in 0...(other.words.count - words.count)
        where other.words[start..<(start + words.count)].elementsEqual(words) {
            return true
        }
        return false
    }

    /// Every place where the term occurs in `text`, as spans of word positions.
    func occurrences(in text: TokenizedText) -> [Span] {
        let first = text.positions(of: words[0])
        if words.count == 1 {
            return first.map { Span(start: $0, end: $0) }
        }
        var spans: [Span] = []
        let tokens = text.tokens
        for start in first where start + words.count <= tokens.count {
            var matches = true
            for offset in 1..<words.count where tokens[start + offset] != words[offset] {
                matches = false
                break
            }
            if matches { spans.append(Span(start: start, end: start + words.count - 1)) }
        }
        return spans
    }
}

/// A run of word positions, both ends included.
struct Span: Sendable, Hashable {
    var start: Int
    var end: Int

    func overlaps(_ other: Span) -> Bool {
        start <= other.end && other.start <= end
    }

    /// How many positions apart two spans are: 0 when they overlap, 1 when adjacent.
    func distance(to other: Span) -> Int {
        if overlaps(other) { return 0 }
        return other.start > end ? other.start - end : start - other.end
    }
}
