import Testing

/// Waits until `condition` holds, polling; fails the test (rather than hang) after a minute or so.
/// A bound against hanging, not a measure of time.
public func eventually(_ what: String, _ condition: () throws -> Bool) async throws {
    for _ in 0..<6_000 {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("still not true after a minute: \(what)")
    throw CancellationError()
}
