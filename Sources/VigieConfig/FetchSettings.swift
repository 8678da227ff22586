/// The `fetch:` section of `vigie.yaml`: how Vigie may reach the network.
///
/// ```yaml
/// fetch:
///   allow_private_redirects: true
/// ```
public struct FetchSettings: Sendable, Hashable {
    /// Whether a redirect (of a feed or a webhook) may lead to a loopback,
    /// link-local, private-network or unspecified address when the configured
    /// URL is not itself in that kind of address. Off by default.
    public var allowPrivateRedirects: Bool

    /// The settings of a file without `fetch:` by default.
    public init(allowPrivateRedirects: Bool = false) {
        self.allowPrivateRedirects = allowPrivateRedirects
    }
}
