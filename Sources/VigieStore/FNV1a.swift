/// FNV-1a, 64 bits: the hash of the store's keys (content hashes, advisory lock keys).
enum FNV1a {
    /// The hash of `bytes`.
    static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
