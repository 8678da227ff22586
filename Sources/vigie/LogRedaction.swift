import Foundation

/// Keeps secrets out of log lines, whatever the stage that logs: the values the configuration holds as
/// secrets (webhook signing secrets, source header values such as `Authorization`) and the credentials a URL
/// may carry (`https://user:password@host/…`) are replaced by `[redacted]`.
struct LogRedaction: Sendable {
    /// The secret values, longest first (one that contains another is replaced whole).
    private let secrets: [String]

    /// Redaction of `secrets` (values of fewer than 4 characters are ignored: replacing them would
    /// mangle ordinary words) and of URL credentials.
    init(secrets: [String] = []) {
        self.secrets = Set(secrets.filter { $0.count >= 4 }).sorted { $0.count > $1.count }
    }

    /// `text` with every secret and every URL's user information replaced.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "[redacted]")
        }
        guard result.contains("://") && result.contains("@") else { return result }
        return Self.withoutURLCredentials(result)
    }

    /// Replaces the `user:password@` of every `scheme://user:password@host`.
    private static func withoutURLCredentials(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            output += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            // The authority ends at the first '/', '?', '#' or white space; credentials end at its last '@'.
            let authorityEnd =
                rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "\"" }
                ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                output += "[redacted]@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }
}
