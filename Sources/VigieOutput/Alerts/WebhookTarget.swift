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
                    message: "the environment variable \(secretVariable) (secret_env) is not set: export it before starting Vigie")
            }
            secret = value
        }
        self.init(name: name, url: url, secret: secret, timeout: timeout)
    }
}
