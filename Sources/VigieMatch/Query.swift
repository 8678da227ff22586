/// A boolean query on the words of a text.
///
/// Read one from text with ``init(parsing:)``; the language is documented in
/// `docs/QUERIES.md`:
///
/// ```swift
/// let query = try Query(parsing: #"orange NOT "jus d'orange""#)
/// ```
public indirect enum Query: Sendable, Hashable, CustomStringConvertible {
    /// Holds when the word or phrase occurs.
    case term(Term)
    /// Holds when every part holds.
    case all([Query])
    /// Holds when at least one part holds.
    case any([Query])
    /// Holds when the part does not.
    case not(Query)
    /// Holds when an occurrence of each side lies within `distance` words of
    /// the other (adjacent words are 1 apart), in either order.
    case near(Query, Query, distance: Int)

    /// Reads a query written in Vigie's query language.
    ///
    /// - Throws: ``QueryError`` with the line and column of the problem.
    public init(parsing text: String) throws(QueryError) {
        var parser = QueryParser(text)
        self = try parser.parse()
    }

    /// Whether this query can be used as a side of `NEAR`: terms, `OR`
    /// groups of such and `NEAR` itself have positions; `AND` and `NOT` have not.
    public var hasPositions: Bool {
        switch self {
        case .term, .near: true
        case .any(let parts): parts.allSatisfy(\.hasPositions)
        case .all, .not: false
        }
    }

    /// Whether the query holds on a text that contains none of its terms, as
    /// `NOT acme` does: alone, such a query would match nearly every entry.
    public var holdsWithoutAnyTerm: Bool {
        switch self {
        case .term, .near: false
        case .all(let parts): parts.allSatisfy(\.holdsWithoutAnyTerm)
        case .any(let parts): parts.contains(where: \.holdsWithoutAnyTerm)
        case .not(let part): !part.holdsWithoutAnyTerm
        }
    }

    /// Every term of the query, in reading order, including those under `NOT`.
    public var terms: [Term] {
        switch self {
        case .term(let term): [term]
        case .all(let parts), .any(let parts): parts.flatMap(\.terms)
        case .not(let part): part.terms
        case .near(let left, let right, _): left.terms + right.terms
        }
    }

    /// The terms that can make the query hold (those not under `NOT`).
    public var positiveTerms: [Term] {
        switch self {
        case .term(let term): [term]
        case .all(let parts), .any(let parts): parts.flatMap(\.positiveTerms)
        case .not: []
        case .near(let left, let right, _): left.positiveTerms + right.positiveTerms
        }
    }

    /// The query in canonical syntax, fully parenthesised where it matters.
    public var description: String {
        switch self {
        case .term(let term):
            return term.description
        case .all(let parts):
            return parts.map { $0.isCompound ? "(\($0))" : "\($0)" }.joined(separator: " AND ")
        case .any(let parts):
            return parts.map { $0.isCompound ? "(\($0))" : "\($0)" }.joined(separator: " OR ")
        case .not(let part):
            return "NOT " + (part.isCompound ? "(\(part))" : "\(part)")
        case .near(let left, let right, let distance):
            let sides = [left, right].map { $0.isCompound ? "(\($0))" : "\($0)" }
            return sides.joined(separator: " NEAR/\(distance) ")
        }
    }

    private var isCompound: Bool {
        switch self {
        case .term, .not: false
        case .all, .any, .near: true
        }
    }
}
