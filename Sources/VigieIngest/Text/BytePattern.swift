#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Literal byte patterns in a document, for the scans that run before libxml2 reads it
/// (``TextCutOuts``, ``RawTextCutOuts``).
enum BytePattern {
    /// Whether `s` holds `literal` at `i`.
    static func starts(_ s: UnsafeBufferPointer<UInt8>, at i: Int, with literal: StaticString) -> Bool {
        literal.withUTF8Buffer { pattern in
            i >= 0 && i + pattern.count <= s.count
                && memcmp(s.baseAddress! + i, pattern.baseAddress!, pattern.count) == 0
        }
    }

    /// The index of the first `literal` at or after `from`.
    static func find(_ s: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from: Int) -> Int? {
        guard let base = s.baseAddress else { return nil }
        return literal.withUTF8Buffer { pattern in
            let m = pattern.count
            var p = from
            while s.count - p >= m {
                guard let found = memchr(base + p, Int32(pattern[0]), s.count - p - m + 1) else { return nil }
                let at = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if memcmp(base + at, pattern.baseAddress!, m) == 0 { return at }
                p = at + 1
            }
            return nil
        }
    }
}
