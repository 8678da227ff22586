/// A configuration that cannot be used: every error found in it, located.
///
/// Reading does not stop at the first problem, so ``problems`` lists all of
/// them (errors first in file order, then warnings).
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file that was being read.
    public var file: String
    /// Every problem found; at least one is an error.
    public var problems: [ConfigurationProblem]

    /// An error for `file` listing `problems`.
    public init(file: String, problems: [ConfigurationProblem]) {
        self.file = file
        self.problems = problems
    }

    /// The problems that make the configuration unusable.
    public var errors: [ConfigurationProblem] { problems.filter { $0.severity == .error } }

    /// Every problem, one per line, as ``ConfigurationProblem/description`` writes them.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
