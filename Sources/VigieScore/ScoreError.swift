/// Why the scorer could not be set up: which lexicon file, which line, what was wrong.
///
/// Scoring itself never throws: any text, even empty or malformed UTF-8, gets a score.
public struct ScoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to pattern-match on.
    public enum Code: String, Sendable, Hashable {
        /// A lexicon file or folder could not be read.
        case unreadableFile
        /// A line of a lexicon file does not follow the format.
        case malformedLine
        /// No lexicon folder was found where they are looked for.
        case lexiconsNotFound
    }

    public var code: Code
    /// The file (or folder) being read.
    public var path: String
    /// The 1-based line in `path`, when the problem is on one line.
    public var line: Int?
    /// What was wrong, and what to do about it.
    public var reason: String

    public init(code: Code, path: String, line: Int? = nil, reason: String) {
        self.code = code
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}
