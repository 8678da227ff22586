#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a text into tokens, Unicode-correctly, without building a `String` per token.
///
/// - Whitespace-delimited chunks that are known emoticons (":-)", "<3") stay whole.
/// - URLs and @handles are skipped; "#BoycottAcme" gives "boycott" and "acme".
/// - Words keep their inner apostrophes (normalised to `'`) and hyphens, so language rules can
///   split French elisions ("l'homme") and look hyphenated words up whole first.
/// - Keys are lower-cased; ALL-CAPS and elongated ("nuuuul") words are flagged.
/// - Emoji are one token each (skin tones, variation selectors and joiners dropped).
/// - "!" and "?" are counted; sentence and clause ends are marked on the preceding token.
struct Tokenizer: Sendable {
    /// Whole chunks that are emoticons (lower-cased ASCII).
    var emoticons: ByteTable

    func tokenize(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout TokenBuffer) {
        // Texts scraped from JSON sometimes keep escapes such as "won\u2019t": decode them first.
        if let base = text.baseAddress, text.count > 5 {
            var from = base
            let stop = base + (text.count - 5)
            while from < stop, let found = memchr(from, 0x5C, stop - from) {
                let k = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if text[k + 1] == 0x75, Self.hexValue(text, k + 2) != nil {
                    var decoded = Self.decodingEscapes(text)
                    decoded.withUnsafeMutableBufferPointer { tokenizeDecoded(UnsafeBufferPointer($0), into: &buffer) }
                    return
                }
                from = base + k + 1
            }
        }
        tokenizeDecoded(text, into: &buffer)
    }

    /// The value of four hex digits at `i`, if they are.
    private static func hexValue(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
        guard i + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let b = text[k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func decodingEscapes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var k = 0
        while k < text.count {
            if text[k] == 0x5C, k + 5 < text.count + 0, text[k + 1] == 0x75, let v = hexValue(text, k + 2),
                v < 0xD800 || v > 0xDFFF
            {
                TextBytes.append(v, to: &out)
                k += 6
                continue
            }
            out.append(text[k])
            k += 1
        }
        return out
    }

    private func tokenizeDecoded(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout TokenBuffer) {
        buffer.removeAll()
        let n = text.count
        var i = 0
        while i < n {
            // Chunks are separated by white space; ASCII bytes are classified without decoding.
            let b = text[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    i += 1
                    continue
                }
            } else {
                let (s, len) = TextBytes.decode(text, at: i)
                if TextBytes.kind(s) == .space {
                    i += len
                    continue
                }
            }
            var j = i
            var marker = false
            // Plain: ASCII without emoticon characters, '#', apostrophes or hyphens.
            var plain = true
            while j < n {
                let c = text[j]
                if c &- 0x61 < 26 {  // lower-case letters, most bytes: nothing to note
                    j += 1
                    continue
                }
                if c < 0x80 {
                    if c < 64 {
                        let bit = UInt64(1) << UInt64(c)
                        if Self.spaceMask & bit != 0 { break }
                        if Self.markerMaskLow & bit != 0 { marker = true }
                        if Self.complexMaskLow & bit != 0 { plain = false }
                    } else {
                        if Self.markerMaskHigh & (UInt64(1) << UInt64(c - 64)) != 0 { marker = true }
                        if c == 0x60 { plain = false }
                    }
                    j += 1
                    continue
                }
                plain = false
                let (t, l) = TextBytes.decode(text, at: j)
                if TextBytes.kind(t) == .space { break }
                j += l
            }
            chunk(text, i, j, mayBeEmoticon: marker, plain: plain && !marker, into: &buffer)
            i = j
        }
        if let last = buffer.tokens.indices.last {
            buffer.tokens[last].flags.formUnion([.endsSentence, .endsClause])
        }
    }

    @inline(__always)
    private static func lowerASCII(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// ASCII white space (tab to carriage return, space) as a bit mask over bytes 0..<64.
    static let spaceMask: UInt64 = 0x0000_0001_0000_3E00
    /// Emoticon characters `$%&()*/:;<=>` (below 64) and `[\]^{|}` (64..<128), as bit masks.
    static let markerMaskLow: UInt64 = 0x7C00_8770_0000_0000
    /// `#`, `'` and `-`, which need the full word scanner.
    static let complexMaskLow: UInt64 = 1 << 0x23 | 1 << 0x27 | 1 << 0x2D
    static let markerMaskHigh: UInt64 = 0x3800_0000_7800_0000

    @inline(__always)
    static func isEmoticonMarker(_ b: UInt8) -> Bool {
        switch b {
        case 0x3A, 0x3B, 0x3D, 0x28, 0x29, 0x5B, 0x5D, 0x3C, 0x3E, 0x5E, 0x2A, 0x2F, 0x5C, 0x7C, 0x7B, 0x7D, 0x25, 0x24,
            0x26:
            return true
        default: return false
        }
    }

    private func chunk(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, mayBeEmoticon: Bool, plain: Bool,
        into buffer: inout TokenBuffer
    ) {
        let length = end - start
        let first = Self.lowerASCII(text[start])
        // URLs and handles carry no sentiment of their own.
        if first == 0x40 { return }  // @handle
        if length >= 4, first == 0x68, Self.lowerASCII(text[start + 1]) == 0x74,
            Self.lowerASCII(text[start + 2]) == 0x74, Self.lowerASCII(text[start + 3]) == 0x70
        {
            return  // http…
        }
        if length >= 4, first == 0x77, text[start + 1] | 0x20 == 0x77, text[start + 2] | 0x20 == 0x77,
            text[start + 3] == 0x2E
        {
            return  // www.
        }
        if mayBeEmoticon, emoticon(text, start, end, into: &buffer) { return }
        if plain {
            plainWords(text, start, end, into: &buffer)
        } else {
            words(text, start, end, into: &buffer)
        }
    }

    /// The common case, an ASCII chunk of letters, digits and sentence punctuation ("word,",
    /// "Great!"), in one tight loop; it gives exactly what `words` would.
    private func plainWords(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into buffer: inout TokenBuffer
    ) {
        var k = start
        while k < end {
            let b = text[k]
            if b &- 0x61 < 26 || b &- 0x41 < 26 || b &- 0x30 < 10 {
                // Copy the run lower-cased, count capitals, spot elongation and hash the key, in
                // one pass over the text.
                let keyStart = buffer.keys.count
                var upper = 0
                var lower = 0
                var run = 0
                var previous: UInt8 = 0
                var elongated = false
                var hash = ByteTable.hashSeed
                var j = k
                while j < end {
                    var c = text[j]
                    if c &- 0x41 < 26 {
                        upper += 1
                        c |= 0x20
                    } else if c &- 0x61 < 26 {
                        lower += 1
                    } else if !(c &- 0x30 < 10) {
                        break
                    }
                    buffer.keys.append(c)
                    hash = ByteTable.hashStep(hash, c)
                    if c == previous {
                        run += 1
                        if run >= 3, c >= 0x61 { elongated = true }
                    } else {
                        run = 1
                        previous = c
                    }
                    j += 1
                }
                hash = ByteTable.hashFinish(hash)
                var flags: Token.Flags = []
                if upper >= 2 && lower == 0 { flags.insert(.allCaps) }
                if upper + lower > 0 { flags.insert(.hasLetter) }
                if upper + lower < j - k { flags.insert(.hasDigit) }
                if elongated { flags.insert(.elongated) }
                buffer.tokens.append(Token(start: Int32(keyStart), length: Int32(j - k), flags: flags, hash: hash))
                k = j
                continue
            }
            var mark: Token.Flags = []
            switch b {
            case 0x21:
                buffer.exclamations += 1
                mark = [.endsSentence, .endsClause]
            case 0x3F:
                buffer.questions += 1
                mark = [.endsSentence, .endsClause, .endsQuestion]
            case 0x2E, 0x3B: mark = [.endsSentence, .endsClause]
            case 0x2C, 0x22: mark = .endsClause
            default: break
            }
            if !mark.isEmpty, !buffer.tokens.isEmpty { buffer.tokens[buffer.tokens.count - 1].flags.formUnion(mark) }
            k += 1
        }
    }

    /// Keeps a chunk whole when it (or it without trailing . , ! ?) is a known emoticon.
    private func emoticon(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into buffer: inout TokenBuffer)
        -> Bool
    {
        guard end - start <= 12 else { return false }
        var stop = end
        while true {
            // The lower-cased candidate is written at the end of the key arena: kept if found.
            let keyStart = buffer.keys.count
            for k in start..<stop { buffer.keys.append(Self.lowerASCII(text[k])) }
            let found = buffer.keys.withUnsafeBufferPointer {
                emoticons.value(for: UnsafeBufferPointer(rebasing: $0[keyStart...])) >= 0
            }
            if found {
                buffer.tokens.append(Token(start: Int32(keyStart), length: Int32(stop - start), flags: [.emoticon]))
                for k in stop..<end {
                    if text[k] == 0x21 { buffer.exclamations += 1 }
                    if text[k] == 0x3F { buffer.questions += 1 }
                }
                if stop < end {
                    buffer.tokens[buffer.tokens.count - 1].flags.formUnion([.endsClause])
                }
                return true
            }
            buffer.keys.removeLast(stop - start)
            guard stop - start > 1 else { return false }
            switch text[stop - 1] {
            case 0x2E, 0x2C, 0x21, 0x3F: stop -= 1
            default: return false
            }
        }
    }

    private func words(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into buffer: inout TokenBuffer) {
        var inWord = false
        var wordStart = 0
        var upper = 0
        var lower = 0
        var flags: Token.Flags = []
        var hashtag = false
        var lastScalar: UInt32 = 0
        var run = 0
        var previousWasLower = false
        var hashtagFirstToken = -1

        func finish(_ buffer: inout TokenBuffer) {
            guard inWord else { return }
            inWord = false
            // A trailing apostrophe or hyphen is not part of the word.
            while buffer.keys.count > wordStart,
                buffer.keys[buffer.keys.count - 1] == 0x27 || buffer.keys[buffer.keys.count - 1] == 0x2D
            {
                buffer.keys.removeLast()
            }
            if upper >= 2 && lower == 0 { flags.insert(.allCaps) }
            if upper + lower > 0 { flags.insert(.hasLetter) }
            buffer.tokens.append(
                Token(start: Int32(wordStart), length: Int32(buffer.keys.count - wordStart), flags: flags))
        }

        func begin(_ buffer: inout TokenBuffer) {
            inWord = true
            wordStart = buffer.keys.count
            upper = 0
            lower = 0
            flags = hashtag ? [.hashtag] : []
            run = 0
            lastScalar = 0
            previousWasLower = false
        }

        func markLast(_ f: Token.Flags, _ buffer: inout TokenBuffer) {
            if let last = buffer.tokens.indices.last { buffer.tokens[last].flags.formUnion(f) }
        }

        func endHashtag(_ buffer: inout TokenBuffer) {
            if hashtag, hashtagFirstToken >= 0, buffer.tokens.count - hashtagFirstToken > 1 {
                for t in hashtagFirstToken..<buffer.tokens.count { buffer.tokens[t].flags.insert(.compoundHashtag) }
            }
            hashtag = false
            hashtagFirstToken = -1
        }

        var k = start
        while k < end {
            // Fast path: a run of ASCII letters and digits outside a hashtag, copied in one go and
            // lower-cased in place.
            let b = text[k]
            if !hashtag, b < 0x80, b &- 0x61 < 26 || b &- 0x41 < 26 || b &- 0x30 < 10 {
                if !inWord { begin(&buffer) }
                var j = k + 1
                while j < end {
                    let c = text[j]
                    if !(c &- 0x61 < 26 || c &- 0x41 < 26 || c &- 0x30 < 10) { break }
                    j += 1
                }
                let from = buffer.keys.count
                buffer.keys.append(contentsOf: UnsafeBufferPointer(rebasing: text[k..<j]))
                // Only closure-local state inside the closure: capturing the scanner's variables
                // would box them and check every access dynamically.
                let run0 = run
                let last0 = lastScalar
                let (u, lo, r, previous, elongated) = buffer.keys.withUnsafeMutableBufferPointer {
                    keys -> (Int, Int, Int, UInt32, Bool) in
                    var u = 0
                    var lo = 0
                    var r = run0
                    var previous = last0
                    var elongated = false
                    for m in from..<keys.count {
                        let c = keys[m]
                        if c &- 0x41 < 26 {
                            u += 1
                            keys[m] = c | 0x20
                        } else if c &- 0x61 < 26 {
                            lo += 1
                        }
                        let l = UInt32(keys[m])
                        if l == previous {
                            r += 1
                            if r >= 3, l >= 0x61 { elongated = true }
                        } else {
                            r = 1
                            previous = l
                        }
                    }
                    return (u, lo, r, previous, elongated)
                }
                upper += u
                lower += lo
                if u + lo < j - k { flags.insert(.hasDigit) }
                run = r
                lastScalar = previous
                if elongated { flags.insert(.elongated) }
                k = j
                continue
            }
            let s: UInt32
            let len: Int
            let kind: TextBytes.Kind
            let byte = text[k]
            if byte < 0x80 {
                s = UInt32(byte)
                len = 1
                if byte >= 0x61 && byte <= 0x7A || byte >= 0x41 && byte <= 0x5A {
                    kind = .letter
                } else if byte >= 0x30 && byte <= 0x39 {
                    kind = .digit
                } else if byte == 0x27 || byte == 0x60 {
                    kind = .apostrophe
                } else if byte == 0x2D {
                    kind = .hyphen
                } else {
                    kind = .punctuation
                }
            } else {
                (s, len) = TextBytes.decode(text, at: k)
                kind = TextBytes.kind(s)
            }
            switch kind {
            case .letter, .digit:
                let (l, isUpper, isLower) =
                    s < 0x80
                    ? (s >= 0x41 && s <= 0x5A ? (s | 0x20, true, false) : (s, false, s >= 0x61))
                    : TextBytes.lower(s)
                if inWord, hashtag, isUpper, previousWasLower {
                    finish(&buffer)  // #BoycottAcme → boycott, acme
                }
                if !inWord { begin(&buffer) }
                if isUpper { upper += 1 }
                if isLower { lower += 1 }
                if kind == .digit { flags.insert(.hasDigit) }
                previousWasLower = isLower
                if l == lastScalar {
                    run += 1
                    if run >= 3, kind == .letter { flags.insert(.elongated) }
                } else {
                    run = 1
                    lastScalar = l
                }
                if l < 0x80 { buffer.keys.append(UInt8(l)) } else { TextBytes.append(l, to: &buffer.keys) }
            case .apostrophe, .hyphen:
                var next: UInt32 = 0
                if k + len < end { next = TextBytes.decode(text, at: k + len).scalar }
                let nextKind = TextBytes.kind(next)
                if inWord, nextKind == .letter || (kind == .hyphen && nextKind == .digit) {
                    buffer.keys.append(kind == .hyphen ? 0x2D : 0x27)
                    flags.insert(kind == .hyphen ? .hyphenated : .apostrophe)
                    lastScalar = 0
                    run = 0
                } else {
                    finish(&buffer)
                    // An apostrophe right after an elided word ("l' homme") still counts as elision.
                    if kind == .apostrophe, let last = buffer.tokens.indices.last, buffer.tokens[last].length <= 3,
                        Int(buffer.tokens[last].start + buffer.tokens[last].length) == buffer.keys.count, k > start
                    {
                        buffer.keys.append(0x27)
                        buffer.tokens[last].length += 1
                        buffer.tokens[last].flags.insert(.apostrophe)
                    }
                    if kind == .hyphen { markLast(.endsClause, &buffer) }
                }
            case .mark:
                if inWord, s >= 0x300, s <= 0x36F { TextBytes.append(s, to: &buffer.keys) }
            case .symbol:
                finish(&buffer)
                let keyStart = buffer.keys.count
                TextBytes.append(s, to: &buffer.keys)
                buffer.tokens.append(
                    Token(start: Int32(keyStart), length: Int32(buffer.keys.count - keyStart), flags: [.symbol]))
            case .punctuation, .space:
                finish(&buffer)
                endHashtag(&buffer)
                switch s {
                case 0x21:
                    buffer.exclamations += 1
                    markLast([.endsSentence, .endsClause], &buffer)
                case 0x3F:
                    buffer.questions += 1
                    markLast([.endsSentence, .endsClause, .endsQuestion], &buffer)
                case 0x2E, 0x3B, 0x2026:
                    markLast([.endsSentence, .endsClause], &buffer)
                case 0x2C, 0x3A, 0x28, 0x29, 0x22, 0xAB, 0xBB, 0x201C, 0x201D, 0x2013, 0x2014:
                    markLast(.endsClause, &buffer)
                case 0x23:
                    hashtag = true
                    hashtagFirstToken = buffer.tokens.count
                default: break
                }
            }
            k += len
        }
        finish(&buffer)
        endHashtag(&buffer)
    }
}
