#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Repairs text that was UTF-8, read as ISO-8859-1 or Windows-1252 somewhere
/// upstream and encoded as UTF-8 again: `BrÃ¸ndby` for `Brøndby`,
/// `lâ€™Ã©tÃ©` for `l’été`.
///
/// A string is repaired only when the repair is certain: every character it
/// holds has a single-byte form, and those bytes, taken together, are valid
/// UTF-8 with at least one multi-byte character. Genuine text almost never
/// passes that test (`café` gives the byte E9 followed by nothing, which no
/// UTF-8 reader accepts), so it is left alone. This is feedparser's repair,
/// extended to the Windows-1252 characters a misread 0x80…0x9F byte becomes.
enum DoubleEncoding {
    /// `string` decoded once more when it is double-encoded, else `string` itself.
    static func repair(_ string: String) -> String {
        var string = string
        let repaired: [UInt8]? = string.withUTF8 { repairedBytes($0) }
        guard let repaired else { return string }
        return String(decoding: repaired, as: UTF8.self)
    }

    /// The repaired bytes, or `nil` when `utf8` is not double-encoded text.
    static func repairedBytes(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = utf8.count
        // Quick exit: a double-encoded string holds a character U+00C2…U+00F4
        // (a former lead byte, written C3 82…C3 B4) followed by a non-ASCII one.
        // Candidates are found with memchr: genuine French text has many C3 bytes.
        guard let base = utf8.baseAddress, n > 2 else { return nil }
        var candidate = false
        var p = UnsafeRawPointer(base)
        let end = UnsafeRawPointer(base + n)
        while !candidate, let found = memchr(p, 0xC3, end - p) {
            let i = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if i + 2 < n, utf8[i + 1] >= 0x82, utf8[i + 1] <= 0xB4, utf8[i + 2] >= 0x80 { candidate = true }
            p = UnsafeRawPointer(found) + 1
        }
        guard candidate else { return nil }
        // Every character back to the single byte it was misread from.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(n)
        var k = 0
        while k < n {
            let lead = utf8[k]
            if lead < 0x80 {
                bytes.append(lead)
                k += 1
                continue
            }
            let length = UTF8Census.sequenceLength(utf8, at: k)
            guard length > 1 else { return nil }
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for m in 1..<length { scalar = scalar << 6 | UInt32(utf8[k + m] & 0x3F) }
            guard let byte = Windows1252.byte(for: scalar) else { return nil }
            bytes.append(byte)
            k += length
        }
        // Those bytes must be UTF-8 themselves.
        var j = 0
        var sawMultibyte = false
        let decoded = bytes.withUnsafeBufferPointer { buffer -> Bool in
            while j < buffer.count {
                let length = UTF8Census.sequenceLength(buffer, at: j)
                guard length > 0 else { return false }
                if length > 1 { sawMultibyte = true }
                j += length
            }
            return true
        }
        return decoded && sawMultibyte ? bytes : nil
    }
}
