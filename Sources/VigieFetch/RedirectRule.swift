import Foundation

/// Where a redirect may lead: to a public address, or to an address in a
/// scope the configured URL itself is in (a feed configured on `127.0.0.1`
/// may redirect to `localhost`, not to `10.0.0.1` or `169.254.169.254`).
///
/// The rule is applied to resolved addresses, never to names, and the
/// connection then goes to the address that passed (see ``HostResolver``).
///
/// ```swift
/// let rule = RedirectRule(origin: [.loopback], allowPrivate: false)
/// rule.refusal(for: [IPAddress("10.0.0.1")!])   // the address and its scope
/// ```
public struct RedirectRule: Sendable, Hashable {
    /// The scopes of the configured URL's addresses.
    public var origin: Set<AddressScope>
    /// Whether every scope is allowed (`fetch: allow_private_redirects: true`).
    public var allowPrivate: Bool

    /// The rule for a chain whose configured URL is in the `origin` scopes.
    public init(origin: Set<AddressScope>, allowPrivate: Bool) {
        self.origin = origin
        self.allowPrivate = allowPrivate
    }

    /// The rule for a chain whose configured URL resolved to `addresses`.
    public init(originAddresses addresses: [IPAddress], allowPrivate: Bool) {
        self.init(origin: Set(addresses.map(\.scope)), allowPrivate: allowPrivate)
    }

    /// Whether a redirect may connect to `address`.
    public func allows(_ address: IPAddress) -> Bool {
        let scope = address.scope
        return scope == .global || allowPrivate || origin.contains(scope)
    }

    /// The first of `addresses` a redirect may not reach, if any. A host with
    /// one forbidden address is refused whole: a name that resolves both
    /// inside and outside is not a public feed.
    public func refusal(for addresses: [IPAddress]) -> IPAddress? {
        addresses.first { !allows($0) }
    }

    /// Resolves the host of a redirect's target, checks every address it
    /// resolves to, and returns the one to connect to (pin it with
    /// `HTTPClient.Configuration.pin(_:to:)`, so that what was checked is what
    /// is reached).
    ///
    /// - Throws: ``RedirectRefusal`` when an address is out of bounds (no
    ///   connection has been attempted); ``HostResolutionError`` when the
    ///   name does not resolve; `CancellationError`.
    public func destination(of url: URL, resolver: any HostResolver) async throws -> IPAddress {
        let host = Self.host(of: url)
        let addresses = try await resolver.addresses(of: host)
        if let refused = refusal(for: addresses) {
            throw RedirectRefusal(
                url: url.absoluteString, address: refused,
                message: Self.message(url: url.absoluteString, host: host, address: refused))
        }
        return addresses[0]
    }

    /// The host of a URL as the HTTP client connects to it (IPv6 without brackets).
    public static func host(of url: URL) -> String {
        let host = url.host ?? ""
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Why a redirect to `url` is refused, for a person.
    /// - Parameters:
    ///   - host: the URL's host as written (a name, or an address literal).
    ///   - address: the forbidden address it resolved to.
    public static func message(url: String, host: String, address: IPAddress) -> String {
        let scope = "\(address.scope)"
        let article = scope.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        let plain = host.trimmingCharacters(in: ["[", "]"]).lowercased()
        let why: String
        if plain == address.description {
            why = scope
        } else if IPAddress(host) != nil {
            why = "\(host) is \(address), \(article) \(scope)"
        } else {
            why = "\(host) resolves to \(address), \(article) \(scope)"
        }
        return "redirect to \(url) refused: \(why) (set fetch: allow_private_redirects: true to allow)"
    }
}

/// A redirect that ``RedirectRule`` does not allow.
public struct RedirectRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The redirect's target.
    public var url: String
    /// The address that is out of bounds.
    public var address: IPAddress
    /// What was refused and why, with how to allow it.
    public var message: String

    /// A refusal of `url`, because of `address`, explained by `message`.
    public init(url: String, address: IPAddress, message: String) {
        self.url = url
        self.address = address
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
