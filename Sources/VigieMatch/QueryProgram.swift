/// A query compiled for evaluation: terms numbered, nodes refer to them.
struct QueryProgram: Sendable {
    indirect enum Node: Sendable {
        case term(Int)
        case all([Node])
        case any([Node])
        case not(Node)
        case near(Node, Node, Int)
    }

    let terms: [Term]
    let root: Node
    /// The distinct first words of the terms: when none occurs, no term does.
    let anchors: [Token]
    /// A smaller set of first words, one of which must occur for the query to
    /// hold (`acme` for `acme AND (panne OR bug)`), or `anchors` when no such
    /// set is known. Only valid when `resultWithoutTerms` is false.
    let requiredAnchors: [Token]
    /// What the query gives on a text where none of its terms occurs.
    let resultWithoutTerms: Bool

    init(_ query: Query) {
        var terms: [Term] = []
        var numbers: [Term: Int] = [:]
        func compile(_ query: Query) -> Node {
            switch query {
            case .term(let term):
                if let number = numbers[term] { return .term(number) }
                numbers[term] = terms.count
                terms.append(term)
                return .term(terms.count - 1)
            case .all(let parts): return .all(parts.map(compile))
            case .any(let parts): return .any(parts.map(compile))
            case .not(let part): return .not(compile(part))
            case .near(let left, let right, let distance): return .near(compile(left), compile(right), distance)
            }
        }
        self.root = compile(query)
        self.terms = terms
        var anchors: [Token] = []
        for term in terms where !anchors.contains(term.words[0]) {
            anchors.append(term.words[0])
        }
        self.anchors = anchors
        self.resultWithoutTerms = query.holdsWithoutAnyTerm
        self.requiredAnchors = Self.requiredAnchors(of: query) ?? anchors
    }

    /// First words one of which must occur for `query` to hold, or `nil` when
    /// the query can hold through a `NOT` (no word is then required).
    static func requiredAnchors(of query: Query) -> [Token]? {
        switch query {
        case .term(let term):
            return [term.words[0]]
        case .any(let parts):
            var union: [Token] = []
            for part in parts {
                guard let anchors = requiredAnchors(of: part) else { return nil }
                for anchor in anchors where !union.contains(anchor) { union.append(anchor) }
            }
            return union
        case .all(let parts):
            // Every part must hold, so the anchors of any one part will do: take the fewest.
            return parts.compactMap(requiredAnchors(of:)).min { $0.count < $1.count }
        case .near(let left, let right, _):
            return [requiredAnchors(of: left), requiredAnchors(of: right)].compactMap { $0 }.min {
                $0.count < $1.count
            }
        case .not:
            return nil
        }
    }

    /// Evaluates the query; returns the matched terms' texts, or `nil` when it does not hold.
    /// Whether one of the terms may occur in `text` (its first word does).
    func mayFindTerms(in text: TokenizedText) -> Bool {
        anchors.contains(where: text.contains)
    }

    func evaluate(on text: TokenizedText, masks: [Span]) -> [String]? {
        // Most texts mention few brands: skip the evaluation when no term can occur.
        guard mayFindTerms(in: text) else { return resultWithoutTerms ? [] : nil }
        var evaluation = Evaluation(program: self, text: text, masks: masks)
        guard evaluation.holds(root) else { return nil }
        var seen = Set<Int>()
        var matched: [String] = []
        for number in evaluation.matched.sorted() where seen.insert(number).inserted {
            let text = terms[number].text
            if !matched.contains(text) { matched.append(text) }
        }
        return matched
    }

    /// The state of one evaluation: occurrences found so far and terms that counted.
    private struct Evaluation {
        let program: QueryProgram
        let text: TokenizedText
        let masks: [Span]
        var occurrences: [[Span]?]
        var matched: [Int] = []

        init(program: QueryProgram, text: TokenizedText, masks: [Span]) {
            self.program = program
            self.text = text
            self.masks = masks
            self.occurrences = Array(repeating: nil, count: program.terms.count)
        }

        mutating func occurrences(ofTerm number: Int) -> [Span] {
            if let known = occurrences[number] { return known }
            var found = program.terms[number].occurrences(in: text)
            if !masks.isEmpty {
                found.removeAll { span in masks.contains { $0.overlaps(span) } }
            }
            occurrences[number] = found
            return found
        }

        mutating func holds(_ node: Node) -> Bool {
            switch node {
            case .term(let number):
                guard !occurrences(ofTerm: number).isEmpty else { return false }
                matched.append(number)
                return true
            case .all(let parts):
                let mark = matched.count
                for part in parts where !holds(part) {
                    matched.removeSubrange(mark...)
                    return false
                }
                return true
            case .any(let parts):
                var any = false
                for part in parts where holds(part) { any = true }
                return any
            case .not(let part):
                let mark = matched.count
                let inner = holds(part)
                matched.removeSubrange(mark...)
                return !inner
            case .near:
                let mark = matched.count
                guard !spans(node).isEmpty else {
                    matched.removeSubrange(mark...)
                    return false
                }
                return true
            }
        }

        /// The occurrences of a node with positions (terms, OR groups of such, NEAR).
        mutating func spans(_ node: Node) -> [Span] {
            switch node {
            case .term(let number):
                let found = occurrences(ofTerm: number)
                if !found.isEmpty { matched.append(number) }
                return found
            case .any(let parts):
                return parts.flatMap { spans($0) }
            case .near(let left, let right, let distance):
                let mark = matched.count
                let leftSpans = spans(left)
                guard !leftSpans.isEmpty else {
                    matched.removeSubrange(mark...)
                    return []
                }
                let rightSpans = spans(right)
                var joined: [Span] = []
                for one in leftSpans {
                    for other in rightSpans where one.distance(to: other) <= distance {
                        joined.append(Span(start: min(one.start, other.start), end: max(one.end, other.end)))
                    }
                }
                if joined.isEmpty { matched.removeSubrange(mark...) }
                return joined
            case .all, .not:
                // The parser refuses these under NEAR; treat them as having no position.
                return []
            }
        }
    }
}
