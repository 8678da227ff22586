/// A query or a term that cannot be read, with where the problem is.
///
/// `line` and `column` count from 1 inside the query text, columns in Unicode
/// scalars (the way YAML marks count them), so a configuration reader can add
/// them to the position of the query in its file.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query or term that was being read.
    public var query: String
    /// The line of the problem inside the query, from 1.
    public var line: Int
    /// The column of the problem inside that line, from 1.
    public var column: Int
    /// What is wrong and, when it helps, what to write instead.
    public var message: String

    /// An error at `line` and `column` of `query`.
    public init(query: String, line: Int, column: Int, message: String) {
        self.query = query
        self.line = line
        self.column = column
        self.message = message
    }

    /// `column 9: AND needs something on its right` (with the line when it is not the first).
    public var description: String {
        line > 1 ? "line \(line), column \(column): \(message)" : "column \(column): \(message)"
    }
}
