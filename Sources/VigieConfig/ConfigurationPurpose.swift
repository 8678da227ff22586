/// What a configuration is read for, which decides what it must hold.
///
/// ```swift
/// let (configuration, problems) = Configuration.check(
///     contentsOf: url, purpose: .watching(environment: ProcessInfo.processInfo.environment))
/// ```
public enum ConfigurationPurpose: Sendable, Hashable {
    /// Listing, exporting, matching: a file without brands or sources is usable, with a warning.
    case reading
    /// `vigie watch` and `vigie config check`: the file must name at least one brand and one source
    /// (else nothing would be watched, yet a database would be made), and every webhook's `secret_env`
    /// variable must be set in `environment` (else no alert could be signed).
    case watching(environment: [String: String])
}
