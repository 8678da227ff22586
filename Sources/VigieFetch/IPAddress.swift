#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, compared and printed in its canonical form.
///
/// ```swift
/// IPAddress("127.1")?.description            // "127.0.0.1"
/// IPAddress("[::FFFF:169.254.169.254]")?.scope  // .linkLocal
/// ```
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// An address from its bytes (4 or 16 of them).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Reads an address literal the way the system does when it connects.
    ///
    /// IPv6 may be in brackets and carry a zone (`[fe80::1%eth0]`); IPv4 may be
    /// in any form `inet_aton` accepts (`127.1`, `0x7f.0.0.1`, `2130706433`),
    /// because `getaddrinfo` accepts them too. Returns `nil` for a host name.
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("[") && literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        if let percent = literal.firstIndex(of: "%") { literal = literal[..<percent] }
        guard !literal.isEmpty, literal.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        let string = String(literal)
        if string.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, string, &address) == 1 else { return nil }
            self.bytes = withUnsafeBytes(of: &address) { Array($0) }
            return
        }
        // inet_aton stops at the first space and ignores the rest: refuse spaces
        // above, and require at least one digit so a name never reads as an address.
        guard string.first?.isNumber == true else { return nil }
        var address = in_addr()
        guard inet_aton(string, &address) != 0 else { return nil }
        self.bytes = withUnsafeBytes(of: &address) { Array($0) }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv6 address carries (mapped, compatible or NAT64), if any.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let head = bytes[0..<12]
        let mapped = head.dropLast(2).allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        // ::a.b.c.d (deprecated IPv4-compatible), but not :: and ::1, which are IPv6's own.
        let tail = Array(bytes[12..<16])
        let compatible = head.allSatisfy { $0 == 0 } && tail != [0, 0, 0, 0] && tail != [0, 0, 0, 1]
        let nat64 = Array(head) == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]
        guard mapped || compatible || nat64 else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// The IPv4 address itself for an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`),
    /// which is how dual-stack sockets write IPv4 peers; otherwise `self`.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else {
            return self
        }
        return IPAddress(bytes: Array(bytes[12..<16])) ?? self
    }

    /// Where the address leads (see ``AddressScope`` for the ranges).
    public var scope: AddressScope {
        if let embedded = embeddedIPv4 { return embedded.scope }
        let b = bytes
        if b.count == 4 {
            switch (b[0], b[1]) {
            case (0, _): return .unspecified
            case (127, _): return .loopback
            case (169, 254): return .linkLocal
            case (10, _), (172, 16...31), (192, 168): return .privateNetwork
            case (100, 64...127): return .privateNetwork
            case (224...255, _): return .reserved
            default: return .global
            }
        }
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b.dropLast().allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if b[0] == 0xFE && (b[1] & 0xC0) == 0x80 { return .linkLocal }
        if b[0] == 0xFE && (b[1] & 0xC0) == 0xC0 { return .privateNetwork }  // fec0::/10, old site-local
        if (b[0] & 0xFE) == 0xFC { return .privateNetwork }  // fc00::/7, unique local
        if b[0] == 0xFF { return .reserved }
        return .global
    }

    /// The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, shortest).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var copy = bytes
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = copy.withUnsafeMutableBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The address as a URL host: IPv6 in brackets.
    public var urlHost: String { isIPv4 ? description : "[\(description)]" }
}
