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
        // Split on bytes: "\n" and "\t" never occur inside a UTF-8 sequence, and "\r\n" (one
        // Character in Swift) is handled by dropping a final "\r".
        let bytes = Array(contents.utf8)
        var number = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            number += 1
            var stop = lineEnd
            if stop > lineStart, bytes[stop - 1] == 0x0D { stop -= 1 }
            let line = bytes[lineStart..<stop]
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || line.first == 0x23 { continue }
            // Columns found without an intermediate array: most lines are "term<TAB>value".
            var tabs = 0
            var firstTab = line.endIndex
            var secondTab = line.endIndex
            for k in line.indices where bytes[k] == 0x09 {
                if tabs == 0 { firstTab = k } else if tabs == 1 { secondTab = k }
                tabs += 1
            }
            let columnCount = tabs + 1
            let term = Self.text(line[line.startIndex..<firstTab])
            guard !term.isEmpty else {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "the term (first column) is empty; expected term<TAB>value")
            }
            guard columnCount <= 3 else {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "\(columnCount) tab-separated columns; expected at most 3 (term, value, flags)")
            }
            var value: Double?
            let valueText = columnCount > 1 ? Self.text(line[(firstTab + 1)..<secondTab]) : ""
            if !valueText.isEmpty {
                guard let parsed = Double(valueText), parsed.isFinite else {
                    throw ScoreError(
                        code: .malformedLine, path: path, line: number,
                        reason: "\"\(valueText)\" is not a number (second column of \"\(term)\")")
                }
                value = parsed
            }
            if requiresValue, value == nil {
                throw ScoreError(
                    code: .malformedLine, path: path, line: number,
                    reason: "\"\(term)\" has no value; expected term<TAB>number")
            }
            var flags: [String] = []
            if columnCount > 2 {
                flags = Self.text(line[(secondTab + 1)..<line.endIndex]).split(separator: ",").map {
                    String($0).trimmingSpaces
                }.filter {
                    !$0.isEmpty
                }
            }
            result.append(LexiconLine(term: term, value: value, flags: flags, line: number))
        }
        return result
    }

    /// A column's text without surrounding spaces.
    private static func text(_ column: ArraySlice<UInt8>) -> String {
        var column = column
        while column.first == 0x20 { column = column.dropFirst() }
        while column.last == 0x20 { column = column.dropLast() }
        return String(decoding: column, as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        guard first == " " || last == " " else { return self }
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
