/// The `serve:` section of vigie.yaml: how `vigie serve` listens and who may use it.
///
/// Secrets are never written in the file: it names the environment variables that hold them, as webhook
/// secrets are (`secret_env:`).
///
/// ```yaml
/// serve:
///   listen: 0.0.0.0:8080
///   token_env: VIGIE_API_TOKEN          # Authorization: Bearer for /api/v1, and the dashboard's login
///   password_env: VIGIE_SERVE_PASSWORD  # the dashboard's login for people
///   public_metrics: true                # /metrics answers other hosts too (default: loopback only)
/// ```
public struct ServeSettings: Sendable, Hashable {
    /// `HOST:PORT` to listen on when `--listen` is not given.
    public var listen: String?
    /// The environment variable that holds the API token.
    public var tokenEnvironmentVariable: String?
    /// The environment variable that holds the dashboard password.
    public var passwordEnvironmentVariable: String?
    /// Whether `/metrics` answers clients that are not on loopback.
    public var publicMetrics = false

    /// No listen address, no token, no password, metrics on loopback only.
    public init(
        listen: String? = nil, tokenEnvironmentVariable: String? = nil, passwordEnvironmentVariable: String? = nil,
        publicMetrics: Bool = false
    ) {
        self.listen = listen
        self.tokenEnvironmentVariable = tokenEnvironmentVariable
        self.passwordEnvironmentVariable = passwordEnvironmentVariable
        self.publicMetrics = publicMetrics
    }
}
