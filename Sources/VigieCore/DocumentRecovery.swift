/// The first error the XML parser had to recover from in a document (the first "recovered from…"
/// warning of `vigie parse`): the document was ill-formed and what was read from it may be partial.
public struct DocumentRecovery: Sendable, Hashable, CustomStringConvertible {
    /// The line of the document the error was found on, when the parser said.
    public var line: Int?
    /// The parser's message, in words ("opening and ending tag mismatch: b and item").
    public var message: String

    /// A recovery at `line` for `message`.
    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// "line 5: opening and ending tag mismatch: b and item".
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
