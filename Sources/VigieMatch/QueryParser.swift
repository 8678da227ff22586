import VigieCore

/// Reads the query language into a ``Query`` (recursive descent).
///
/// ```
/// query    := or
/// or       := and ("OR" and)*
/// and      := unary (["AND"] unary)*        juxtaposition means AND
/// unary    := "NOT" unary | near
/// near     := primary ("NEAR/" n primary)*
/// primary  := word | "phrase" | "(" or ")"
/// ```
struct QueryParser {
    /// A lexical unit with where it starts in the query.
    struct Lexeme {
        enum Kind: Equatable {
            case word(String)
            case phrase(String)
            case and, or, not
            case near(Int)
            case open, close
        }
        var kind: Kind
        var line: Int
        var column: Int
        var spelling: String
    }

    private let text: String
    private var lexemes: [Lexeme] = []
    private var index = 0
    private var lexError: QueryError?
    /// How deeply groups, NOTs and NEARs are nested so far.
    private var depth = 0
    /// Deeper queries are refused: nobody writes them, and evaluation recurses.
    static let maximumDepth = 64

    init(_ text: String) {
        self.text = text
        do {
            lexemes = try Self.lex(text)
        } catch {
            lexError = error
        }
    }

    mutating func parse() throws(QueryError) -> Query {
        if let lexError { throw lexError }
        guard !lexemes.isEmpty else { throw error(line: 1, column: 1, "the query is empty") }
        let query = try parseOr()
        if index < lexemes.count {
            let lexeme = lexemes[index]
            if lexeme.kind == .close {
                throw error(at: lexeme, "this ')' has no '(' to close")
            }
            throw error(at: lexeme, "unexpected \(lexeme.spelling)")
        }
        return query
    }

    private var current: Lexeme? { index < lexemes.count ? lexemes[index] : nil }

    private mutating func parseOr() throws(QueryError) -> Query {
        var parts = [try parseAnd()]
        while let lexeme = current, lexeme.kind == .or {
            index += 1
            guard current != nil, !startsNothing(current) else {
                throw error(at: lexeme, "OR needs something on its right")
            }
            parts.append(try parseAnd())
        }
        return parts.count == 1
            ? parts[0] : .any(parts.flatMap { if case .any(let inner) = $0 { inner } else { [$0] } })
    }

    private mutating func parseAnd() throws(QueryError) -> Query {
        var parts = [try parseUnary()]
        while let lexeme = current {
            switch lexeme.kind {
            case .and:
                index += 1
                guard current != nil, !startsNothing(current) else {
                    throw error(at: lexeme, "AND needs something on its right")
                }
                parts.append(try parseUnary())
            case .word, .phrase, .not, .open:
                parts.append(try parseUnary())
            case .or, .close, .near:
                return parts.count == 1 ? parts[0] : .all(parts)
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func enter(_ lexeme: Lexeme) throws(QueryError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error(at: lexeme, "the query is nested more than \(Self.maximumDepth) levels deep")
        }
    }

    private mutating func parseUnary() throws(QueryError) -> Query {
        guard let lexeme = current else {
            throw error(line: 1, column: 1, "the query ends too early")
        }
        if lexeme.kind == .not {
            index += 1
            guard current != nil, !startsNothing(current) else {
                throw error(at: lexeme, "NOT needs something on its right")
            }
            try enter(lexeme)
            defer { depth -= 1 }
            return .not(try parseUnary())
        }
        return try parseNear()
    }

    private mutating func parseNear() throws(QueryError) -> Query {
        var left = try parsePrimary()
        let outerDepth = depth
        defer { depth = outerDepth }
        while let lexeme = current, case .near(let distance) = lexeme.kind {
            try enter(lexeme)
            index += 1
            guard current != nil, !startsNothing(current), current?.kind != .not else {
                throw error(at: lexeme, "\(lexeme.spelling) needs a word, a phrase or a group on its right")
            }
            let right = try parsePrimary()
            guard left.hasPositions && right.hasPositions else {
                throw error(
                    at: lexeme,
                    "\(lexeme.spelling) needs words, phrases or OR groups on both sides, not AND or NOT")
            }
            left = .near(left, right, distance: distance)
        }
        return left
    }

    private mutating func parsePrimary() throws(QueryError) -> Query {
        guard let lexeme = current else {
            throw error(line: 1, column: 1, "the query ends too early")
        }
        index += 1
        switch lexeme.kind {
        case .word(let word), .phrase(let word):
            do {
                return .term(try Term(word))
            } catch {
                throw self.error(at: lexeme, "\(lexeme.spelling) has no letter or digit to look for")
            }
        case .open:
            guard let next = current else { throw error(at: lexeme, "this '(' is never closed") }
            guard next.kind != .close else { throw error(at: lexeme, "empty parentheses") }
            try enter(lexeme)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard current?.kind == .close else {
                throw error(at: lexeme, "this '(' is never closed")
            }
            index += 1
            return inner
        case .close:
            throw error(at: lexeme, "this ')' has no '(' to close")
        case .and, .or, .near:
            throw error(at: lexeme, "\(lexeme.spelling) needs something on its left")
        case .not:
            throw error(at: lexeme, "unexpected NOT")
        }
    }

    /// Lexemes that cannot start an operand.
    private func startsNothing(_ lexeme: Lexeme?) -> Bool {
        guard let lexeme else { return true }
        switch lexeme.kind {
        case .and, .or, .near, .close: return true
        default: return false
        }
    }

    private func error(at lexeme: Lexeme, _ message: String) -> QueryError {
        error(line: lexeme.line, column: lexeme.column, message)
    }

    private func error(line: Int, column: Int, _ message: String) -> QueryError {
        QueryError(query: text, line: line, column: column, message: message)
    }

    // MARK: Lexing

    private static let closingQuote: [Unicode.Scalar: Unicode.Scalar] = ["\"": "\"", "“": "”", "«": "»", "„": "“"]

    private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "(" || scalar == ")" || closingQuote[scalar] != nil || scalar == "”" || scalar == "»"
    }

    static func lex(_ text: String) throws(QueryError) -> [Lexeme] {
        let scalars = Array(text.unicodeScalars)
        var lexemes: [Lexeme] = []
        var position = 0
        var line = 1
        var column = 1

        func advance() {
            if scalars[position] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            position += 1
        }

        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.properties.isWhitespace {
                advance()
                continue
            }
            let startLine = line
            let startColumn = column
            if scalar == "(" || scalar == ")" {
                advance()
                lexemes.append(
                    Lexeme(
                        kind: scalar == "(" ? .open : .close, line: startLine, column: startColumn,
                        spelling: "'\(scalar)'"))
                continue
            }
            if let closing = closingQuote[scalar] {
                advance()
                var phrase = String.UnicodeScalarView()
                while position < scalars.count && scalars[position] != closing {
                    phrase.append(scalars[position])
                    advance()
                }
                guard position < scalars.count else {
                    throw QueryError(
                        query: text, line: startLine, column: startColumn,
                        message: "this quote is never closed")
                }
                advance()
                let content = String(phrase).trimmedOfWhitespace
                guard !content.isEmpty else {
                    throw QueryError(query: text, line: startLine, column: startColumn, message: "empty quotes")
                }
                lexemes.append(
                    Lexeme(
                        kind: .phrase(content), line: startLine, column: startColumn, spelling: "\"\(content)\""))
                continue
            }
            if scalar == "”" || scalar == "»" {
                throw QueryError(
                    query: text, line: startLine, column: startColumn,
                    message: "this closing quote has no opening quote")
            }
            var word = String.UnicodeScalarView()
            while position < scalars.count && !scalars[position].properties.isWhitespace
                && !isDelimiter(scalars[position])
            {
                word.append(scalars[position])
                advance()
            }
            let spelling = String(word)
            let kind: Lexeme.Kind
            switch spelling {
            case "AND", "&&": kind = .and
            case "OR", "||": kind = .or
            case "NOT": kind = .not
            default:
                if spelling == "NEAR" || spelling.hasPrefix("NEAR/") {
                    let rest = spelling.dropFirst(4)
                    guard rest.first == "/", let distance = Int(rest.dropFirst()), distance >= 1, distance <= 1000
                    else {
                        throw QueryError(
                            query: text, line: startLine, column: startColumn,
                            message: "write NEAR/n with n a number of words from 1 to 1000, e.g. acme NEAR/5 panne")
                    }
                    kind = .near(distance)
                } else {
                    kind = .word(spelling)
                }
            }
            lexemes.append(Lexeme(kind: kind, line: startLine, column: startColumn, spelling: spelling))
        }
        return lexemes
    }
}
