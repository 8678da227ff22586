/// What went wrong while exporting: what was being done, with what, and why.
///
/// ```swift
/// catch let error as ExportError { print(error) }  // "export: writing timeline.csv: No space left on device"
/// ```
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done, in words: "writing the CSV", "computing the timeline"…
    public var operation: String
    /// The file, brand or option concerned, when there is one.
    public var subject: String?
    /// Why it failed, and what to do when we know.
    public var reason: String

    /// An error while doing `operation` on `subject`.
    public init(operation: String, subject: String? = nil, reason: String) {
        self.operation = operation
        self.subject = subject
        self.reason = reason
    }

    /// "export: computing the timeline (Cerise): 2,000,000 hourly buckets…".
    public var description: String {
        var text = "export: \(operation)"
        if let subject { text += " (\(subject))" }
        return text + ": \(reason)"
    }
}
