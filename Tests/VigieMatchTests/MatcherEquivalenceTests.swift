import Testing
import VigieMatch
import VigieTestSupport

/// The matcher skips brands whose required words are absent; a plain,
/// independent evaluation of every brand's query must find the same brands.
@Suite struct MatcherEquivalenceTests {
    typealias Generator = SeededRandom

    /// Occurrences of a term as (start, end) word positions.
    private static func spans(of term: Term, in text: TokenizedText) -> [(Int, Int)] {
        text.positions(of: term.words[0]).compactMap { start in
            let end = start + term.words.count - 1
            guard end < text.count, Array(text.tokens[start...end]) == term.words else { return nil }
            return (start, end)
        }
    }

    /// A straightforward evaluation, written independently of the library's.
    private static func holds(_ query: Query, _ text: TokenizedText, _ masks: [(Int, Int)]) -> Bool {
        !positions(query, text, masks).isEmpty
            || {
                switch query {
                case .all(let parts): return parts.allSatisfy { holds($0, text, masks) }
                case .any(let parts): return parts.contains { holds($0, text, masks) }
                case .not(let part): return !holds(part, text, masks)
                case .term, .near: return false
                }
            }()
    }

    private static func positions(_ query: Query, _ text: TokenizedText, _ masks: [(Int, Int)]) -> [(Int, Int)] {
        switch query {
        case .term(let term):
            return spans(of: term, in: text).filter { span in !masks.contains { $0.0 <= span.1 && span.0 <= $0.1 } }
        case .any(let parts) where query.hasPositions:
            return parts.flatMap { positions($0, text, masks) }
        case .near(let left, let right, let distance):
            var joined: [(Int, Int)] = []
            for a in positions(left, text, masks) {
                for b in positions(right, text, masks) {
                    let gap = (a.0 <= b.1 && b.0 <= a.1) ? 0 : (b.0 > a.1 ? b.0 - a.1 : a.0 - b.1)
                    if gap <= distance { joined.append((min(a.0, b.0), max(a.1, b.1))) }
                }
            }
            return joined
        default:
            return []
        }
    }

    @Test(arguments: 0..<4)
    func skippingBrandsChangesNothing(seed: UInt64) throws {
        let brands = [
            try Brand(
                name: "Acme", terms: [try Term("Acme"), try Term("#acme")], query: try Query(parsing: "panne OR bug")),
            try Brand(name: "Orange", exclusions: [try Term("jus d'orange"), try Term("football")]),
            try Brand(name: "Near", query: try Query(parsing: "(panne OR bug) NEAR/2 (réseau OR \"service client\")")),
            try Brand(name: "Double", query: try Query(parsing: "NOT NOT acme")),
            try Brand(name: "Mixed", query: try Query(parsing: "(acme AND NOT bug) OR (orange AND panne)")),
            try Brand(name: "Crédit Agricole"),
        ]
        let matcher = Matcher(brands: brands)
        let words = [
            "acme", "#acme", "Acme", "orange", "jus", "d'orange", "football", "panne", "bug", "réseau", "service",
            "client", "crédit", "agricole", "le", "la", "et",
        ]
        var generator = Generator(state: seed)
        for _ in 0..<400 {
            let count = Int.random(in: 0...14, using: &generator)
            let text = (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            let tokens = TokenizedText(text)
            let expected = brands.filter { brand in
                let masks = brand.maskingExclusions.flatMap { Self.spans(of: $0, in: tokens) }
                return Self.holds(brand.effectiveQuery, tokens, masks)
            }.map(\.name)
            #expect(matcher.matches(in: tokens).map(\.brand) == expected, "\(text)")
        }
    }
}
