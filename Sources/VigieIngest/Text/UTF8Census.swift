import VigieCore

/// How well a document's bytes read as UTF-8: how many multi-byte sequences
/// are valid and how many bytes fit no sequence.
///
/// A declaration can contradict the bytes: a feed says `ISO-8859-1` but was
/// written in UTF-8 (`Brøndby` would come out `BrÃ¸ndby`), or says UTF-8 but
/// carries a few Windows-1252 bytes pasted from elsewhere. The census tells
/// those apart before libxml2 reads a byte.
struct UTF8Census {
    /// Valid multi-byte sequences (each one a non-ASCII character).
    private(set) var multibyte = 0
    /// Bytes that start no valid sequence.
    private(set) var invalid = 0

    /// Counts over `bytes`; ASCII is skipped sixteen bytes at a time.
    init(_ bytes: UnsafeRawBufferPointer) {
        let buffer = bytes.bindMemory(to: UInt8.self)
        let n = buffer.count
        var i = 0
        while i < n {
            i = ByteScan.skip(buffer, from: i, until: ByteScan.high)
            guard i < n else { break }
            let length = UTF8Census.sequenceLength(buffer, at: i)
            if length == 0 {
                invalid += 1
                i += 1
            } else {
                if length > 1 { multibyte += 1 }
                i += length
            }
        }
    }

    /// The bytes are UTF-8 with at least one non-ASCII character and no error.
    var isCleanUTF8: Bool { multibyte > 0 && invalid == 0 }

    /// Mostly UTF-8: valid multi-byte sequences outnumber the stray bytes, so the
    /// document was written in UTF-8 whatever it declares, with a few
    /// Windows-1252 bytes pasted in.
    var isMostlyUTF8: Bool { multibyte > 0 && multibyte >= invalid }

    /// The length of the valid UTF-8 sequence at `i` (1 for ASCII), or 0 when
    /// the byte starts none (overlong forms and surrogates are invalid).
    @inline(__always)
    static func sequenceLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = s[i]
        if b < 0x80 { return 1 }
        let n = s.count
        @inline(__always) func continuation(_ k: Int) -> Bool { k < n && s[k] & 0xC0 == 0x80 }
        switch b {
        case 0xC2...0xDF:
            return continuation(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(i + 1), continuation(i + 2) else { return 0 }
            let second = s[i + 1]
            if b == 0xE0 && second < 0xA0 { return 0 }  // overlong
            if b == 0xED && second >= 0xA0 { return 0 }  // a surrogate
            return 3
        case 0xF0...0xF4:
            guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return 0 }
            let second = s[i + 1]
            if b == 0xF0 && second < 0x90 { return 0 }
            if b == 0xF4 && second >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }

    /// `bytes` as UTF-8: valid UTF-8 sequences are kept as they are, every
    /// other byte is read as the Windows-1252 character it stands for.
    static func transcodeMixed(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let buffer = bytes.bindMemory(to: UInt8.self)
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count + buffer.count / 16)
        let n = buffer.count
        var i = 0
        var runStart = 0
        while i < n {
            i = ByteScan.skip(buffer, from: i, until: ByteScan.high)
            guard i < n else { break }
            let length = sequenceLength(buffer, at: i)
            if length > 0 {
                i += length
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            output.appendScalar(Windows1252.scalar(for: buffer[i]))
            i += 1
            runStart = i
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<n]))
        return output
    }
}
