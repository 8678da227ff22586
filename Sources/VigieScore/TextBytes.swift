/// Byte-level Unicode helpers for the tokenizer: UTF-8 decoding, case mapping and accent folding
/// for the scripts the lexicons use (Latin with its accents; Greek and Cyrillic case pairs).
enum TextBytes {
    /// Decodes the scalar starting at `i`; returns it and its length in bytes.
    /// Invalid bytes decode as U+FFFD of length 1, so a broken line never stops scoring.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = b[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = b.count
        if b0 & 0xE0 == 0xC0, i + 1 < n, b[i + 1] & 0xC0 == 0x80 {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2)
        }
        if b0 & 0xF0 == 0xE0, i + 2 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
            return ((UInt32(b0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3)
        }
        if b0 & 0xF8 == 0xF0, i + 3 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80, b[i + 3] & 0xC0 == 0x80 {
            return (
                (UInt32(b0 & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6)
                    | UInt32(b[i + 3] & 0x3F), 4
            )
        }
        return (0xFFFD, 1)
    }

    /// Appends the UTF-8 encoding of `scalar` to `out`.
    @inline(__always)
    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x80 {
            out.append(UInt8(scalar))
        } else if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// What a scalar is to the tokenizer.
    enum Kind { case letter, digit, apostrophe, hyphen, mark, space, symbol, punctuation }

    @inline(__always)
    static func kind(_ s: UInt32) -> Kind {
        if s < 0x80 {
            switch s {
            case 0x61...0x7A, 0x41...0x5A: return .letter
            case 0x30...0x39: return .digit
            case 0x27, 0x60: return .apostrophe
            case 0x2D: return .hyphen
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: return .space
            default: return .punctuation
            }
        }
        switch s {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return .space
        case 0x2018, 0x2019, 0x02BC, 0xB4: return .apostrophe
        case 0x2010, 0x2011: return .hyphen
        case 0xD7, 0xF7: return .punctuation
        case 0xA9, 0xAE: return .symbol
        case 0x300...0x36F, 0xFE0F, 0xFE0E, 0x200D, 0x1F3FB...0x1F3FF: return .mark
        case 0xAA, 0xB5, 0xBA, 0xC0...0x2FF, 0x370...0x1FFF: return .letter
        case 0x2190...0x21FF, 0x2300...0x23FF, 0x2460...0x27BF, 0x2900...0x297F, 0x2B00...0x2BFF,
            0x3030, 0x303D, 0x3297, 0x3299, 0x1F000...0x1FAFF:
            return .symbol
        case 0x80...0xBF, 0x2000...0x2BFF, 0xFFFD: return .punctuation
        default: return .letter
        }
    }

    /// Lower-case mapping of one scalar; `isUpper`/`isLower` say whether it was cased.
    @inline(__always)
    static func lower(_ s: UInt32) -> (scalar: UInt32, isUpper: Bool, isLower: Bool) {
        switch s {
        case 0x41...0x5A: return (s + 0x20, true, false)
        case 0x61...0x7A: return (s, false, true)
        case 0xC0...0xDE where s != 0xD7: return (s + 0x20, true, false)
        case 0xDF...0xFF where s != 0xF7: return (s, false, true)
        case 0x100...0x137, 0x14A...0x177:
            return s % 2 == 0 ? (s + 1, true, false) : (s, false, true)
        case 0x139...0x148, 0x179...0x17E:
            return s % 2 == 1 ? (s + 1, true, false) : (s, false, true)
        case 0x178: return (0xFF, true, false)
        case 0x391...0x3A9: return (s + 0x20, true, false)
        case 0x3B1...0x3C9: return (s, false, true)
        case 0x410...0x42F: return (s + 0x20, true, false)
        case 0x400...0x40F: return (s + 0x50, true, false)
        case 0x430...0x45F: return (s, false, true)
        default: return (s, false, false)
        }
    }

    /// Appends the accent-folded form of the lower-case key `key` to `out`:
    /// "é" → "e", "œ" → "oe", combining marks dropped. Other bytes are copied.
    static func fold<C: Collection<UInt8>>(_ key: C, into out: inout [UInt8]) where C.Index == Int {
        var i = key.startIndex
        while i < key.endIndex {
            let b0 = key[i]
            if b0 < 0x80 {
                out.append(b0)
                i += 1
                continue
            }
            if i + 1 < key.endIndex {
                let b1 = key[i + 1]
                if b0 == 0xC3 {
                    switch b1 {
                    case 0xA0...0xA5: out.append(0x61)
                    case 0xA6: out.append(contentsOf: [0x61, 0x65])
                    case 0xA7: out.append(0x63)
                    case 0xA8...0xAB: out.append(0x65)
                    case 0xAC...0xAF: out.append(0x69)
                    case 0xB1: out.append(0x6E)
                    case 0xB2...0xB6, 0xB8: out.append(0x6F)
                    case 0xB9...0xBC: out.append(0x75)
                    case 0xBD, 0xBF: out.append(0x79)
                    default: out.append(contentsOf: [b0, b1])
                    }
                    i += 2
                    continue
                }
                if b0 == 0xC5, b1 == 0x93 {
                    out.append(contentsOf: [0x6F, 0x65])
                    i += 2
                    continue
                }
                if b0 == 0xCC || (b0 == 0xCD && b1 <= 0xAF) {  // combining diacritics U+0300–U+036F
                    i += 2
                    continue
                }
            }
            out.append(b0)
            i += 1
        }
    }

    /// The folded form of a string key (used while loading lexicons).
    static func folded(_ key: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(key.count)
        fold(key, into: &out)
        return out
    }
}
