import Crypto
import Foundation

/// A dashboard session, kept in a signed cookie (nothing on the server): a random id, whether its holder
/// logged in, and the server's signature over both. Its CSRF token is derived from it, so a page's forms
/// carry a token only this browser's cookie matches.
struct Session: Sendable, Hashable {
    /// The cookie's name.
    static let cookieName = "vigie_session"
    /// The form field and header that carry the CSRF token.
    static let csrfField = "csrf"
    static let csrfHeader = "X-CSRF-Token"

    /// The random id.
    var id: String
    /// Whether the holder gave the password or the token.
    var authenticated: Bool

    /// A fresh anonymous session.
    static func fresh() -> Session {
        Session(
            id: (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined(), authenticated: false)
    }

    /// The cookie value, signed with `key`.
    func cookieValue(key: [UInt8]) -> String {
        let payload = "\(id).\(authenticated ? 1 : 0)"
        return "\(payload).\(Self.sign(payload, key: key))"
    }

    /// The session a cookie value holds, when its signature is right.
    init?(cookie value: String, key: [UInt8]) {
        let parts = value.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[0].count == 32, parts[1] == "0" || parts[1] == "1",
            ConstantTime.equal(Self.sign("\(parts[0]).\(parts[1])", key: key), parts[2])
        else { return nil }
        id = parts[0]
        authenticated = parts[1] == "1"
    }

    init(id: String, authenticated: Bool) {
        self.id = id
        self.authenticated = authenticated
    }

    /// The CSRF token of this session.
    func csrfToken(key: [UInt8]) -> String {
        Self.sign("csrf:\(id)", key: key)
    }

    private static func sign(_ text: String, key: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))
            .map { String(format: "%02x", $0) }.joined()
    }
}

/// Comparisons of secrets that take the same time whatever the inputs share.
enum ConstantTime {
    /// Whether `a` and `b` are equal, comparing their SHA-256 digests byte by byte without stopping early
    /// (so neither the length nor the first difference shows in the time taken).
    static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(a.utf8)))
        let right = Array(SHA256.hash(data: Data(b.utf8)))
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
