/// One entry of a lexicon file: `term<TAB>value<TAB>flags`, with its line number.
public struct LexiconLine: Sendable, Hashable {
    public var term: String
    /// The number in the second column, when there is one.
    public var value: Double?
    /// The comma-separated words of the third column.
    public var flags: [String]
    /// The 1-based line it was read from.
    public var line: Int

    public init(term: String, value: Double?, flags: [String] = [], line: Int) {
        self.term = term
        self.value = value
        self.flags = flags
        self.line = line
    }

    /// Parses the text of a lexicon file. Blank lines and lines starting with `#` are skipped.
    ///
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - path: the file's name, for error messages.
    ///   - requiresValue: whether the second column must hold a number.
    /// - Throws: `ScoreError.malformedLine` naming `path` and the line.
    public static func parse(_ contents: String, path: String, requiresValue: Bool) throws(ScoreError) -> [LexiconLine]
    {
        var result: [LexiconLine] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on it too, or CRLF files would be one line.
        for raw in contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            let term = columns[0].trimmingSpaces
            guard !term.isEmpty else {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "the term (first column) is empty; expected term<TAB>value")
            }
            guard columns.count <= 3 else {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "\(columns.count) tab-separated columns; expected at most 3 (term, value, flags)")
            }
            var value: Double?
            if columns.count > 1 {
                let text = columns[1].trimmingSpaces
                if !text.isEmpty {
                    guard let number = Double(text), number.isFinite else {
                        throw ScoreError(
                            code: .malformedLine, path: path, line: number,
                            reason: "\"\(text)\" is not a number (second column of \"\(term)\")")
                    }
                    value = number
                }
            }
            if requiresValue, value == nil {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "\"\(term)\" has no value; expected term<TAB>number")
            }
            var flags: [String] = []
            if columns.count > 2 {
                flags = columns[2].split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            }
            result.append(LexiconLine(term: term, value: value, flags: flags, line: number))
        }
        return result
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
