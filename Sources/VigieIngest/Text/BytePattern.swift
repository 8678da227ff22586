#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Literal byte patterns in a document, for the scans that run before libxml2 reads it
/// (``TextCutOuts``, ``RawTextCutOuts``).
enum BytePattern {
    /// Whether `s` holds `literal` at `i`. Compared byte by byte, not with `memcmp`: the scans ask
    /// at every tag, and the answer is nearly always given by the second byte.
    @inline(__always)
    static func starts(_ s: UnsafeBufferPointer<UInt8>, at i: Int, with literal: StaticString) -> Bool {
        literal.withUTF8Buffer { pattern in
            guard i >= 0 && i + pattern.count <= s.count else { return false }
            for k in 0..<pattern.count where s[i + k] != pattern[k] { return false }
            return true
        }
    }

    /// The index of the first `literal` at or after `from`, its byte at `anchor` looked for
    /// with `memchr` (a byte rarer than the first, as `?` in `<?vigie`, makes fewer calls).
    static func find(_ s: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from: Int, anchor: Int = 0) -> Int? {
        guard let base = s.baseAddress else { return nil }
        return literal.withUTF8Buffer { pattern in
            let m = pattern.count
            var p = from + anchor
            while s.count - (p - anchor) >= m {
                let end = s.count - m + anchor + 1
                guard let found = memchr(base + p, Int32(pattern[anchor]), end - p) else { return nil }
                let at = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base - anchor
                if memcmp(base + at, pattern.baseAddress!, m) == 0 { return at }
                p = at + anchor + 1
            }
            return nil
        }
    }
}
