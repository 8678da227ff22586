import Testing
import VigieMatch

@Suite struct QueryParserTests {
    @Test(arguments: [
        ("orange", "orange"),
        ("orange OR sosh", "orange OR sosh"),
        ("orange sosh", "orange AND sosh"),
        ("orange AND sosh", "orange AND sosh"),
        (#"orange NOT "jus d'orange""#, #"orange AND NOT "jus d'orange""#),
        ("a OR b AND c", "a OR (b AND c)"),
        ("(a OR b) AND c", "(a OR b) AND c"),
        ("a OR (b OR c)", "a OR b OR c"),
        ("acme NEAR/5 panne", "acme NEAR/5 panne"),
        ("(panne OR bug) NEAR/3 acme", "(panne OR bug) NEAR/3 acme"),
        ("NOT NOT acme", "NOT NOT acme"),
        ("“service client” OR «Crédit Agricole»", #""service client" OR "Crédit Agricole""#),
        ("d'Acme", "d'Acme"),
        ("#acme OR @acme", "#acme OR @acme"),
        ("acme and or", "acme AND and AND or"),
    ])
    func parses(query: String, canonical: String) throws {
        #expect(try Query(parsing: query).description == canonical)
    }

    @Test(arguments: [
        ("", 1, 1, "empty"),
        ("acme AND", 1, 6, "AND needs something on its right"),
        ("OR acme", 1, 1, "needs something on its left"),
        ("(acme OR bug", 1, 1, "never closed"),
        ("acme)", 1, 5, "no '('"),
        (#"acme "panne"#, 1, 6, "quote is never closed"),
        ("acme NEAR panne", 1, 6, "NEAR/n"),
        ("acme NEAR/0 panne", 1, 6, "NEAR/n"),
        ("acme NEAR/x panne", 1, 6, "NEAR/n"),
        ("(a AND b) NEAR/3 c", 1, 11, "not AND or NOT"),
        ("acme OR +++", 1, 9, "no letter or digit"),
        ("acme\nAND (bug", 2, 5, "never closed"),
        ("acme ()", 1, 6, "empty parentheses"),
        (#"acme """#, 1, 6, "empty quotes"),
    ])
    func reportsErrorsWithTheirColumn(query: String, line: Int, column: Int, message: String) {
        #expect {
            try Query(parsing: query)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test(arguments: [
        ("NOT acme", true), ("NOT (a OR b)", true), ("a OR NOT b", true), ("a NOT b", false),
        ("NOT (a AND NOT b)", true), ("a NEAR/2 b", false),
    ])
    func knowsWhichQueriesHoldWithoutAnyTerm(query: String, holds: Bool) throws {
        #expect(try Query(parsing: query).holdsWithoutAnyTerm == holds)
    }

    @Test func columnsCountScalarsNotBytes() {
        #expect {
            try Query(parsing: "crédit AND")
        } throws: { error in
            (error as? QueryError)?.column == 8
        }
    }

    @Test func termsListsEveryTermAndPositiveTermsSkipsNot() throws {
        let query = try Query(parsing: #"(orange OR sosh) NOT "jus d'orange""#)
        #expect(query.terms.map(\.text) == ["orange", "sosh", "jus d'orange"])
        #expect(query.positiveTerms.map(\.text) == ["orange", "sosh"])
    }
}
