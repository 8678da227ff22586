import VigieCore

extension Windows1252 {
    /// A page read as Windows-1252 (``PageCharset``: ISO-8859-1 and ASCII too) in UTF-8, decoded before
    /// libxml2 reads it; `nil` when one of its bytes is undefined in Windows-1252 (0x81, 0x8D, 0x8F, 0x90,
    /// 0x9D).
    ///
    /// libxml2 converts such a page through iconv, then reads it as it reads UTF-8; a page that is UTF-8
    /// already also has its scripts and styles emptied first (``RawTextCutOuts``). On the bench's every
    /// fifth page the four Windows-1252 pages cost libxml2 twice what a UTF-8 page of their size does.
    /// Decoded here, they are read as UTF-8 pages are. The table is glibc's, what iconv gives libxml2; a
    /// page with a byte it leaves undefined is left to libxml2, which complains about it.
    static func utf8(page bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        bytes.withMemoryRebound(to: UInt8.self) { s in
            let n = s.count
            var output: [UInt8] = []
            output.reserveCapacity(n + n / 8)
            var i = 0
            while i < n {
                // ASCII runs are copied as they are, found sixteen bytes at a time.
                var j = ByteScan.skip(s, from: i, until: ByteScan.high)
                while j < n && s[j] < 0x80 { j += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: s[i..<j]))
                guard j < n else { break }
                let byte = s[j]
                let scalar = byte < 0xA0 ? c1[Int(byte - 0x80)] : UInt32(byte)
                guard scalar != 0 else { return nil }
                output.appendScalar(scalar)
                i = j + 1
            }
            return output
        }
    }
}
