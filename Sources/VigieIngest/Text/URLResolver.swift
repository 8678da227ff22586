import CLibXML2

/// Makes links absolute (RFC 3986 reference resolution, done by libxml2).
enum URLResolver {
    /// `reference` resolved against `base`; `reference` unchanged when there is
    /// no base or it cannot be resolved.
    static func resolve(_ reference: String, against base: String?) -> String {
        let trimmed = reference.trimmingASCIISpaces
        guard let base, !base.isEmpty, !hasScheme(trimmed) else { return trimmed }
        guard let built = xmlBuildURI(trimmed, base) else { return trimmed }
        defer { vigie_xmlFree(built) }
        return String(cString: built)
    }

    /// Writes `reference` (UTF-8 bytes), resolved against `base`, through `write`:
    /// the bytes themselves, trimmed, when they need no resolving (the common case
    /// of an absolute link), without making a `String` of them.
    static func resolve<R>(
        _ reference: UnsafeBufferPointer<UInt8>, against base: String?, _ write: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        let trimmed = reference.trimmingASCIISpaces
        guard let base, !base.isEmpty, !hasScheme(trimmed) else { return write(trimmed) }
        var resolved = resolve(String(decoding: trimmed, as: UTF8.self), against: base)
        return resolved.withUTF8 { write($0) }
    }

    /// Whether a URL starts with `scheme:` (RFC 3986 scheme characters).
    static func hasScheme(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { hasScheme($0) }
    }

    /// Whether a URL's UTF-8 bytes start with `scheme:`.
    static func hasScheme(_ url: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawLetter = false
        for byte in url {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if !sawLetter { return false }
            case UInt8(ascii: ":"):
                return sawLetter
            default:
                return false
            }
        }
        return false
    }

    /// Whether a URL would run code or smuggle content when followed
    /// (`javascript:`, `vbscript:`, `data:`), ignoring case and embedded blanks.
    static func isUnsafe(_ url: UnsafeBufferPointer<UInt8>) -> Bool {
        // The scheme compared as it is read, byte by byte: building it in an array and
        // comparing with three more cost 7 M instructions on the bench's every tenth feed.
        var count = 0
        var javascript = true
        var vbscript = true
        var data = true
        for byte in url {
            if byte <= 0x20 { continue }  // browsers skip controls and blanks inside the scheme
            if byte == UInt8(ascii: ":") { break }
            if count == 10 { return false }
            let lower = byte | 0x20
            javascript = javascript && matches("javascript", lower, at: count)
            vbscript = vbscript && matches("vbscript", lower, at: count)
            data = data && matches("data", lower, at: count)
            count += 1
        }
        return javascript && count == 10 || vbscript && count == 8 || data && count == 4
    }

    @inline(__always)
    private static func matches(_ literal: StaticString, _ byte: UInt8, at index: Int) -> Bool {
        index < literal.utf8CodeUnitCount && literal.utf8Start[index] == byte
    }
}
