import Foundation

/// A webhook ready to send to: where, with which secret (already read from the environment), and how long
/// an attempt may take.
public struct WebhookTarget: Sendable, Hashable {
    /// The sink's name in the configuration.
    public var name: String
    /// Where to POST.
    public var url: URL
    /// The HMAC secret; `nil`: unsigned.
    public var secret: String?
    /// The limit on one attempt.
    public var timeout: Duration

    /// The URL's scheme, host and port only (`https://hooks.example.com`), for messages and logs: the
    /// path, query and user part of a webhook URL often hold its token, and are never shown.
    public var origin: String {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "(a URL without a host)"
        }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// `text` (an error from the HTTP stack) with this target's full URL, and its path, query and user part
    /// when they are long enough to be a token, replaced by `…`: a token they hold does not reach a message,
    /// a log or the outbox. (Short parts such as a user `u` or a path `/hook` are left: replacing them
    /// would garble ordinary words.)
    public func redacted(_ text: String) -> String {
        var result = text.replacingOccurrences(of: url.absoluteString, with: "…")
        let parts = [url.path, url.query, url.user, url.password].compactMap { $0 }.filter { $0.count >= 6 }
        for part in parts.sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: part, with: "…")
        }
        return result
    }

    /// A target.
    public init(name: String, url: URL, secret: String?, timeout: Duration) {
        self.name = name
        self.url = url
        self.secret = secret
        self.timeout = timeout
    }

    /// Reads the secret from the variable named `secretVariable` in `environment`.
    /// - Throws: ``AlertDeliveryError`` when the variable is named but unset or empty.
    public init(
        name: String, url: URL, secretVariable: String?, timeout: Duration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var secret: String?
        if let secretVariable {
            guard let value = environment[secretVariable], !value.isEmpty else {
                throw AlertDeliveryError(
                    sink: name,
                    message:
                        "the environment variable \(secretVariable) (secret_env) is not set: export it before starting Vigie"
                )
            }
            secret = value
        }
        self.init(name: name, url: url, secret: secret, timeout: timeout)
    }
}
