import Foundation
import VigieDetect

#if canImport(Glibc)
    import Glibc
#endif

/// What `vigie serve` needs to know, as typed values (the `vigie` command builds them from vigie.yaml).
///
/// A `Sendable` struct of documented values with defaults, as Hummingbird's own configuration is.
public struct ServerSettings: Sendable {
    /// The host to listen on (default loopback).
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// The API token (`Authorization: Bearer`), also accepted on the dashboard's login form.
    public var token: String?
    /// The dashboard's password.
    public var password: String?
    /// Whether `/metrics` answers clients that are not on loopback.
    public var publicMetrics: Bool
    /// The brands of the configuration, in its order (the dashboard's tabs, share of voice).
    public var brands: [String]
    /// Each brand's time zone, for the backtest replay (`timezone:` in vigie.yaml).
    public var timeZones: [String: TimeZone]
    /// The detector settings of the configuration: the backtest form starts from them.
    public var detector: DetectorSettings
    /// The version `vigie_build_info` reports.
    public var version: String
    /// The secret session cookies and CSRF tokens are signed with (random per process by default).
    public var sessionKey: [UInt8]

    /// Settings for a server on loopback port 8080 with no token, no password and no brand.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, password: String? = nil,
        publicMetrics: Bool = false, brands: [String] = [], timeZones: [String: TimeZone] = [:],
        detector: DetectorSettings = DetectorSettings(), version: String = "dev",
        sessionKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.password = password
        self.publicMetrics = publicMetrics
        self.brands = brands
        self.timeZones = timeZones
        self.detector = detector
        self.version = version
        self.sessionKey = sessionKey
    }

    /// Whether anyone must log in (a token or a password is configured).
    public var requiresLogin: Bool { token != nil || password != nil }

    /// Whether `host` is a loopback address or name (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" { return true }
        // Addresses, parsed: `127.0.0.1.evil.example` is a name, not an address in 127.0.0.0/8.
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    /// Why these settings may not be served, or `nil`: a non-loopback address needs a token or a password.
    public var refusal: String? {
        guard !Self.isLoopback(host), !requiresLogin else { return nil }
        return """
            refusing to listen on \(host):\(port) without a password or a token: anyone who can reach it \
            would read and change your mentions. Add to vigie.yaml
              serve:
                token_env: VIGIE_API_TOKEN          # Authorization: Bearer for /api/v1
                password_env: VIGIE_SERVE_PASSWORD  # the dashboard's login
            and set those environment variables where Vigie runs (export VIGIE_API_TOKEN=…), \
            or listen on 127.0.0.1 behind a reverse proxy
            """
    }
}
