/// What went wrong while the detection stage was reading a mention history or checking its settings.
///
/// Every error says what was being done and with which input, down to the file and line when there is one,
/// so a user can fix the input without reading the source.
public struct DetectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently to each.
    public enum Code: String, Sendable, Hashable {
        /// The file could not be opened or read.
        case unreadableFile
        /// The CSV header lacks a required column (`time`, `brand` or `score`).
        case missingColumn
        /// A row could not be read (a missing field, a bad time or score).
        case malformedRow
        /// A detector setting is out of its valid range.
        case invalidSettings
    }

    /// The kind of failure.
    public var code: Code
    /// The file being read, when there is one.
    public var file: String?
    /// The 1-based line of `file`, when the problem is on a line.
    public var line: Int?
    /// What was wrong, in words a user can act on.
    public var message: String

    /// Creates an error; `file` and `line` locate it when known.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        switch (file, line) {
        case (let file?, let line?): return "\(file):\(line): \(message)"
        case (let file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}
