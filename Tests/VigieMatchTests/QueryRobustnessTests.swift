import Testing
import VigieMatch
import VigieTestSupport

/// Queries and texts built from tricky pieces: reading them never crashes, and
/// every error points inside the query.
@Suite struct QueryRobustnessTests {
    typealias Generator = SeededRandom

    static let pieces = [
        "acme", "Crédit", "d'orange", "#acme", "@acme", "\"", "(", ")", "AND", "OR", "NOT", "NEAR/3", "NEAR",
        "NEAR/0", "«", "»", "“", "”", " ", "\n", "+", "é", "œ", "jus d’orange", "&&", "||", "5G", "-",
    ]

    @Test(arguments: 0..<8)
    func randomQueriesParseOrFailInsideTheQuery(seed: UInt64) {
        var generator = Generator(state: seed)
        for _ in 0..<500 {
            let count = Int.random(in: 1...12, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(separator: " ")
            do {
                let query = try Query(parsing: text)
                // What parses prints back to something that parses to the same query.
                let reparsed = try? Query(parsing: query.description)
                #expect(reparsed == query, "\(text)")
            } catch {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(error.line >= 1 && error.line <= lines.count, "\(text)")
                let length = error.line <= lines.count ? lines[error.line - 1].unicodeScalars.count : 0
                #expect(error.column >= 1 && error.column <= max(length, 1), "\(text): \(error)")
            }
        }
    }

    @Test(arguments: 0..<4)
    func randomTextsMatchWithoutCrashing(seed: UInt64) throws {
        var generator = Generator(state: seed)
        let brand = try Brand(
            name: "Acme", terms: [try Term("Acme"), try Term("#acme"), try Term("jus d'orange")],
            query: try Query(parsing: "(acme OR orange) NEAR/3 (panne OR bug) OR acme"),
            exclusions: [try Term("acme valley")])
        for _ in 0..<300 {
            let count = Int.random(in: 0...40, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            if let match = brand.match(text) {
                #expect(!match.terms.isEmpty, "\(text)")
            }
        }
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let deep = String(repeating: "(", count: 10_000) + "acme" + String(repeating: ")", count: 10_000)
        #expect(throws: QueryError.self) { try Query(parsing: deep) }
        let nots = String(repeating: "NOT ", count: 10_000) + "acme"
        #expect(throws: QueryError.self) { try Query(parsing: nots) }
        let nears = (0..<1_000).map { "w\($0)" }.joined(separator: " NEAR/2 ")
        #expect(throws: QueryError.self) { try Query(parsing: nears) }
        let shallow = String(repeating: "(", count: 60) + "acme" + String(repeating: ")", count: 60)
        let parsed = try Query(parsing: shallow)
        #expect(parsed == .term(try Term("acme")))
    }

    @Test func longFlatQueriesAreFine() throws {
        let many = (0..<5_000).map { "w\($0)" }.joined(separator: " OR ")
        let query = try Query(parsing: many)
        #expect(query.terms.count == 5_000)
        let brand = try Brand(name: "W", query: query)
        #expect(brand.match("le mot w4999 est là")?.terms == ["w4999"])
    }
}
