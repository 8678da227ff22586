/// One thing wrong (or dubious) in a configuration file, with where it is.
///
/// Its ``description`` reads like a compiler diagnostic:
/// `vigie.yaml:12:5: error: brands[1].query: column 9: AND needs something on its right`.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Whether the configuration can be used despite the problem.
    public enum Severity: String, Sendable, Hashable {
        /// The configuration cannot be used until this is fixed.
        case error
        /// The configuration works, but probably not as meant.
        case warning
    }

    /// Whether it is an error or a warning.
    public var severity: Severity
    /// The file, as it was named to the reader.
    public var file: String
    /// The line in the file, from 1, when known.
    public var line: Int?
    /// The column in that line, from 1, when known.
    public var column: Int?
    /// Where in the document: `brands[1].query`, `sources[0].url`; empty for the whole file.
    public var path: String
    /// What is wrong and what to do about it.
    public var message: String

    /// A problem in `file` at `line`:`column` under `path`.
    public init(
        severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, path: String,
        message: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:column: severity: path: message`.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let subject = path.isEmpty ? "" : "\(path): "
        return "\(location): \(severity.rawValue): \(subject)\(message)"
    }
}
