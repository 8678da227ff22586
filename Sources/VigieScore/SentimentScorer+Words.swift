import VigieCore

extension SentimentScorer {
    /// Looks every token's exact key up once; the language guess and the word building share it.
    func lookUpTokens(_ scratch: inout ScoringScratch) {
        scratch.exact.removeAll(keepingCapacity: true)
        let tokens = scratch.buffer.tokens
        scratch.buffer.keys.withUnsafeBufferPointer { keys in
            for t in tokens {
                let key = UnsafeBufferPointer(rebasing: keys[Int(t.start)..<Int(t.start + t.length)])
                scratch.exact.append(table.value(for: key))
            }
        }
    }

    /// Guesses French or English from function words, French elisions, accented letters and,
    /// last, words only one language's lexicon knows. English when nothing tells them apart.
    func guessLanguage(_ scratch: ScoringScratch) -> Language {
        var fr = 0
        var en = 0
        let tokens = scratch.buffer.tokens
        for (i, e) in scratch.exact.enumerated() {
            if e >= 0 {
                let roles0 = info[0][Int(e)].roles
                let roles1 = info[1][Int(e)].roles
                if roles0.contains(.function) { fr += 2 }
                if roles1.contains(.function) { en += 2 }
            } else {
                let t = tokens[i]
                let key = scratch.buffer.keys[Int(t.start)..<Int(t.start + t.length)]
                if Self.elisionPrefixLength(key) != nil { fr += 2 }
            }
        }
        if fr != en { return fr > en ? .french : .english }
        for (i, e) in scratch.exact.enumerated() {
            let t = tokens[i]
            let key = scratch.buffer.keys[Int(t.start)..<Int(t.start + t.length)]
            if key.contains(0xC3) || key.contains(0xC5) { fr += 1 }
            if e >= 0 {
                let a = info[0][Int(e)].hasValence
                let b = info[1][Int(e)].hasValence
                if a && !b { fr += 1 }
                if b && !a { en += 1 }
            }
        }
        return fr > en ? .french : .english
    }

    @inline(__always)
    func isLexical(_ l: Int, _ e: Int32) -> Bool { e >= 0 && info[l][Int(e)].isLexical }

    @inline(__always)
    func startsPhrase(_ l: Int, _ e: Int32) -> Bool { e >= 0 && info[l][Int(e)].roles.contains(.phraseStart) }

    /// Turns tokens into the words the rules see: French elisions split ("n'aime" → "ne aime"),
    /// unknown hyphenated words split, each word resolved to a lexicon entry.
    func buildWords(_ l: Int, _ scratch: inout ScoringScratch) {
        scratch.words.removeAll(keepingCapacity: true)
        let tokens = scratch.buffer.tokens
        for ti in tokens.indices {
            let t = tokens[ti]
            var exact = scratch.exact[ti]
            if t.flags.contains(.symbol) || t.flags.contains(.emoticon) {
                if isLexical(l, exact) || startsPhrase(l, exact) {
                    scratch.words.append(
                        Word(start: t.start, length: t.length, term: isLexical(l, exact) ? exact : -1, flags: t.flags,
                             phraseStart: startsPhrase(l, exact)))
                }
                continue
            }
            var start = Int(t.start)
            var length = Int(t.length)
            if l == 0, !isLexical(l, exact),
                let p = Self.elisionPrefixLength(scratch.buffer.keys[start..<start + length]), p < length
            {
                let prefix = Array(scratch.buffer.keys[start..<start + p])
                let replacement = Self.elisionReplacement(prefix)
                var prefixStart = Int32(start)
                if replacement != prefix {
                    prefixStart = Int32(scratch.buffer.keys.count)
                    scratch.buffer.keys.append(contentsOf: replacement)
                }
                let e = lookUp(prefixStart, Int32(replacement.count), &scratch)
                let flags = t.flags.subtracting([.endsClause, .endsSentence, .allCaps])
                scratch.words.append(
                    Word(start: prefixStart, length: Int32(replacement.count), term: isLexical(l, e) ? e : -1,
                         flags: flags, phraseStart: startsPhrase(l, e)))
                start += p
                length -= p
                exact = lookUp(Int32(start), Int32(length), &scratch)
            }
            if !isLexical(l, exact), !startsPhrase(l, exact),
                scratch.buffer.keys[start..<start + length].contains(0x2D)
            {
                // An unknown hyphenated word: its parts ("super-bien", "ultra-rapide").
                var partStart = start
                let end = start + length
                var k = start
                while k <= end {
                    if k == end || scratch.buffer.keys[k] == 0x2D {
                        if k > partStart {
                            var flags = t.flags
                            if k != end { flags.subtract([.endsClause, .endsSentence]) }
                            let e = lookUp(Int32(partStart), Int32(k - partStart), &scratch)
                            appendResolved(l, Int32(partStart), Int32(k - partStart), e, flags, &scratch)
                        }
                        partStart = k + 1
                    }
                    k += 1
                }
                continue
            }
            appendResolved(l, Int32(start), Int32(length), exact, t.flags, &scratch)
        }
    }

    @inline(__always)
    func lookUp(_ start: Int32, _ length: Int32, _ scratch: inout ScoringScratch) -> Int32 {
        scratch.buffer.keys.withUnsafeBufferPointer { keys in
            table.value(for: UnsafeBufferPointer(rebasing: keys[Int(start)..<Int(start + length)]))
        }
    }

    @inline(__always)
    func lookUp(_ key: [UInt8], _ table: ByteTable) -> Int32 {
        key.withUnsafeBufferPointer { table.value(for: $0) }
    }

    /// Resolves a word: exact key, accent-folded key, de-elongated key ("nuuuul" → "nul"),
    /// inflection rules ("heureuses" → "heureux"), and English "n't".
    private func appendResolved(
        _ l: Int, _ start: Int32, _ length: Int32, _ exact: Int32, _ flags: Token.Flags, _ scratch: inout ScoringScratch
    ) {
        var phraseStart = startsPhrase(l, exact)
        var term: Int32 = isLexical(l, exact) ? exact : -1
        if term < 0 {
            scratch.key.removeAll(keepingCapacity: true)
            scratch.key.append(contentsOf: scratch.buffer.keys[Int(start)..<Int(start + length)])
            // Accents are restored only for words typed without any ("decu" → "déçu"): an accented
            // word the lexicon lacks ("après") is not another accented word ("âpres").
            let f = scratch.key.allSatisfy({ $0 < 0x80 }) ? resolveFolded(l, &scratch) : -1
            if f >= 0 {
                phraseStart = phraseStart || startsPhrase(l, f)
                if isLexical(l, f) { term = f }
            }
            if term < 0, flags.contains(.elongated) {
                for keep in [2, 1] {
                    scratch.key.removeAll(keepingCapacity: true)
                    var run = 0
                    var last: UInt8 = 0
                    for b in scratch.buffer.keys[Int(start)..<Int(start + length)] {
                        if b == last, b < 0x80 {
                            run += 1
                            if run > keep { continue }
                        } else {
                            run = 1
                            last = b
                        }
                        scratch.key.append(b)
                    }
                    // Only a sentiment word: "noooo" is an exclamation, not the negator "no".
                    let e = lookUp(scratch.key, table)
                    if e >= 0, info[l][Int(e)].hasValence, !info[l][Int(e)].roles.contains(.negator) {
                        term = e
                        break
                    }
                    let f = resolveFolded(l, &scratch)
                    if f >= 0, info[l][Int(f)].hasValence, !info[l][Int(f)].roles.contains(.negator) {
                        term = f
                        break
                    }
                }
            }
            if term < 0, length >= 4 {
                let base = Int(start)
                let count = Int(length)
                for rule in inflections[l] where count - rule.suffix.count >= 3 {
                    var matches = true
                    let stem = count - rule.suffix.count
                    for (j, b) in rule.suffix.enumerated() where scratch.buffer.keys[base + stem + j] != b {
                        matches = false
                        break
                    }
                    if !matches { continue }
                    scratch.key.removeAll(keepingCapacity: true)
                    scratch.key.append(contentsOf: scratch.buffer.keys[base..<(base + stem)])
                    scratch.key.append(contentsOf: rule.replacement)
                    let e = lookUp(scratch.key, table)
                    if isLexical(l, e) {
                        term = e
                        break
                    }
                    let f = resolveFolded(l, &scratch)
                    if isLexical(l, f) {
                        term = f
                        break
                    }
                }
            }
            if term < 0, l == 1, length > 3 {
                let k = scratch.buffer.keys
                let e = Int(start + length)
                if k[e - 3] == 0x6E, k[e - 2] == 0x27, k[e - 1] == 0x74 { term = notSuffix }
            }
        }
        scratch.words.append(Word(start: start, length: length, term: term, flags: flags, phraseStart: phraseStart))
    }

    /// Looks `scratch.key` up, accent-folded, in language `l`'s folded table.
    private func resolveFolded(_ l: Int, _ scratch: inout ScoringScratch) -> Int32 {
        scratch.folded.removeAll(keepingCapacity: true)
        TextBytes.fold(scratch.key, into: &scratch.folded)
        return scratch.folded.withUnsafeBufferPointer { folded[l].value(for: $0) }
    }

    /// Merges known phrases into one word, longest first. Every other word stays, single letters
    /// included, since the negation and booster windows count words as VADER does.
    func mergePhrases(_ l: Int, _ scratch: inout ScoringScratch) {
        let n = scratch.words.count
        var out = 0
        var i = 0
        let longest = maxPhrase[l]
        while i < n {
            var merged = false
            if longest > 1, scratch.words[i].phraseStart {
                var length = min(longest, n - i)
                while length >= 2 {
                    var crossesSentence = false
                    for k in i..<(i + length - 1) where scratch.words[k].flags.contains(.endsSentence) {
                        crossesSentence = true
                    }
                    if !crossesSentence {
                        scratch.key.removeAll(keepingCapacity: true)
                        for k in i..<(i + length) {
                            if k > i { scratch.key.append(0x20) }
                            let w = scratch.words[k]
                            scratch.key.append(contentsOf: scratch.buffer.keys[Int(w.start)..<Int(w.start + w.length)])
                        }
                        var e = lookUp(scratch.key, table)
                        if !isLexical(l, e) { e = resolveFolded(l, &scratch) }
                        if isLexical(l, e) {
                            let last = scratch.words[i + length - 1]
                            var flags = last.flags.intersection([.endsClause, .endsSentence])
                            flags.insert(.phrase)
                            if scratch.words[i].flags.contains(.allCaps) { flags.insert(.allCaps) }
                            let start = Int32(scratch.buffer.keys.count)
                            scratch.buffer.keys.append(contentsOf: scratch.key)
                            scratch.words[out] = Word(
                                start: start, length: Int32(scratch.key.count), term: e, flags: flags, phraseStart: false)
                            out += 1
                            i += length
                            merged = true
                            break
                        }
                    }
                    length -= 1
                }
            }
            if merged { continue }
            let w = scratch.words[i]
            i += 1
            scratch.words[out] = w
            out += 1
        }
        scratch.words.removeLast(n - out)
    }
}
