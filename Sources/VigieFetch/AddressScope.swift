/// Where an IP address leads: the open internet, or somewhere a fetch that a
/// third party chose (a redirect, an imported feed list) must not be sent by
/// default, because it reaches this machine, its network or a cloud metadata
/// service.
///
/// The one place Vigie classifies addresses; ``IPAddress/scope`` applies it.
///
/// | scope | IPv4 | IPv6 |
/// | --- | --- | --- |
/// | ``loopback`` | `127.0.0.0/8` | `::1` |
/// | ``linkLocal`` | `169.254.0.0/16` (cloud metadata lives at `169.254.169.254`) | `fe80::/10` |
/// | ``privateNetwork`` | `10/8`, `172.16/12`, `192.168/16`, `100.64/10` (carrier-grade NAT, also used for cloud metadata) | `fc00::/7`, `fec0::/10` |
/// | ``unspecified`` | `0.0.0.0/8` (reaches this host on Linux) | `::` |
/// | ``reserved`` | multicast `224/4`, `240/4`, broadcast | multicast `ff00::/8` |
/// | ``global`` | anything else | anything else |
///
/// IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
/// IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) take the scope of
/// the IPv4 address they carry.
public enum AddressScope: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A public address: what a feed on the internet has.
    case global
    /// This machine.
    case loopback
    /// The local link, where cloud metadata services answer.
    case linkLocal
    /// A private network (RFC 1918, unique-local IPv6, carrier-grade NAT).
    case privateNetwork
    /// The "any" address, which connects to this machine.
    case unspecified
    /// Multicast, broadcast and reserved ranges: never a web server.
    case reserved

    /// The scope in words, as error messages use it ("link-local address").
    public var description: String {
        switch self {
        case .global: "public address"
        case .loopback: "loopback address"
        case .linkLocal: "link-local address"
        case .privateNetwork: "private-network address"
        case .unspecified: "unspecified address"
        case .reserved: "reserved or multicast address"
        }
    }
}
