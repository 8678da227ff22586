import VigieCore

extension SentimentScorer {
    /// Looks every token's exact key up once; the language guess and the word building share it.
    func lookUpTokens(_ scratch: inout ScoringScratch) {
        let keys = scratch.buffer.keys
        scratch.buffer.tokens.withUnsafeMutableBufferPointer { tokens in
            keys.withUnsafeBufferPointer { keys in
                for i in tokens.indices {
                    let t = tokens[i]
                    let key = UnsafeBufferPointer(rebasing: keys[Int(t.start)..<Int(t.start + t.length)])
                    tokens[i].entry = t.hash != 0 ? table.value(for: key, hash: t.hash) : table.value(for: key)
                }
            }
        }
    }

    /// Guesses French or English from function words, French elisions, accented letters and,
    /// last, words only one language's lexicon knows. English when nothing tells them apart.
    func guessLanguage(_ scratch: ScoringScratch) -> Language {
        var fr = 0
        var en = 0
        let tokens = scratch.buffer.tokens
        let keys = scratch.buffer.keys
        for (i, t) in tokens.enumerated() {
            let e = t.entry
            if e >= 0 {
                let roles0 = entry(0, e).roles
                let roles1 = entry(1, e).roles
                if roles0.contains(.function) { fr += 2 }
                if roles1.contains(.function) { en += 2 }
            } else if tokens[i].length >= 3, tokens[i].flags.contains(.apostrophe) {
                let s = Int(tokens[i].start)
                // Cheap test first: an apostrophe second, or a word that may start "qu'" forms.
                if keys[s + 1] == 0x27 || keys[s] == 0x71 || keys[s] == 0x6A || keys[s] == 0x6C || keys[s] == 0x70,
                    Self.elisionPrefixLength(keys[s..<(s + Int(tokens[i].length))]) != nil
                {
                    fr += 2
                }
            }
        }
        if fr != en { return fr > en ? .french : .english }
        for t in tokens {
            let e = t.entry
            let key = scratch.buffer.keys[Int(t.start)..<Int(t.start + t.length)]
            if key.contains(0xC3) || key.contains(0xC5) { fr += 1 }
            if e >= 0 {
                let a = entry(0, e).hasValence
                let b = entry(1, e).hasValence
                if a && !b { fr += 1 }
                if b && !a { en += 1 }
            }
        }
        return fr > en ? .french : .english
    }

    @inline(__always)
    func isLexical(_ l: Int, _ e: Int32) -> Bool { e >= 0 && entry(l, e).isLexical }

    @inline(__always)
    func startsPhrase(_ l: Int, _ e: Int32) -> Bool { e >= 0 && entry(l, e).roles.contains(.phraseStart) }

    @inline(__always)
    func continuesPhrase(_ l: Int, _ e: Int32) -> Bool { e >= 0 && entry(l, e).roles.contains(.phraseSecond) }

    /// Turns tokens into the words the rules see: French elisions split ("n'aime" → "ne aime"),
    /// unknown hyphenated words split, each word resolved to a lexicon entry.
    func buildWords(_ l: Int, _ scratch: inout ScoringScratch, brandWords: BrandWords? = nil) {
        scratch.words.removeAll(keepingCapacity: true)
        let tokens = scratch.buffer.tokens
        for ti in tokens.indices {
            let t = tokens[ti]
            var exact = t.entry
            if t.flags.contains(.symbol) || t.flags.contains(.emoticon) {
                if isLexical(l, exact) || startsPhrase(l, exact) {
                    scratch.words.append(
                        Word(
                            start: t.start, length: t.length, term: isLexical(l, exact) ? exact : -1, flags: t.flags,
                            phraseStart: startsPhrase(l, exact), phraseSecond: continuesPhrase(l, exact)))
                }
                continue
            }
            var start = Int(t.start)
            var length = Int(t.length)
            if l == 0, t.flags.contains(.apostrophe), !isLexical(l, exact),
                let p = Self.elisionPrefixLength(scratch.buffer.keys[start..<start + length]), p < length
            {
                // "n'" is "ne", "qu'" (and "jusqu'", "lorsqu'"…) is "que", written at the end of the
                // arena without an intermediate array; other elisions stay as written.
                var prefixStart = Int32(start)
                var prefixLength = Int32(p)
                let first = scratch.buffer.keys[start]
                let isQue =
                    p > 2 && scratch.buffer.keys[start + p - 3] == 0x71 && scratch.buffer.keys[start + p - 2] == 0x75
                if p == 2, first == 0x6E {
                    prefixStart = Int32(scratch.buffer.keys.count)
                    prefixLength = 2
                    scratch.buffer.keys.append(0x6E)
                    scratch.buffer.keys.append(0x65)
                } else if isQue {
                    prefixStart = Int32(scratch.buffer.keys.count)
                    prefixLength = 3
                    scratch.buffer.keys.append(0x71)
                    scratch.buffer.keys.append(0x75)
                    scratch.buffer.keys.append(0x65)
                }
                let e = lookUp(prefixStart, prefixLength, &scratch)
                let flags = t.flags.subtracting([.endsClause, .endsSentence, .allCaps])
                scratch.words.append(
                    Word(
                        start: prefixStart, length: prefixLength, term: isLexical(l, e) ? e : -1,
                        flags: flags, phraseStart: startsPhrase(l, e), phraseSecond: continuesPhrase(l, e)))
                start += p
                length -= p
                exact = lookUp(Int32(start), Int32(length), &scratch)
            }
            if t.flags.contains(.hyphenated), !isLexical(l, exact), !startsPhrase(l, exact) {
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
                            appendResolved(l, Int32(partStart), Int32(k - partStart), e, flags, brandWords, &scratch)
                        }
                        partStart = k + 1
                    }
                    k += 1
                }
                continue
            }
            appendResolved(l, Int32(start), Int32(length), exact, t.flags, brandWords, &scratch)
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

    /// Resolves a word. Inflected and accent-folded forms are already keys of the table, so
    /// only elongated words ("nuuuul" → "nul") need more than the exact look-up; English words
    /// ending in "n't" are negators. A brand's own word is a name: no sentiment, no phrase. A
    /// number ("2", "3rd", "two") is read as `<n>` ("<n>rd") for the complaint layer's patterns.
    private func appendResolved(
        _ l: Int, _ start: Int32, _ length: Int32, _ exact: Int32, _ flags: Token.Flags, _ brandWords: BrandWords?,
        _ scratch: inout ScoringScratch
    ) {
        if let brandWords, exact >= 0, brandWords.contains(source[Int(exact)]) {
            scratch.words.append(
                Word(start: start, length: length, term: -1, flags: flags, phraseStart: false, phraseSecond: false))
            return
        }
        var start = start
        var length = length
        var exact = exact
        if flags.contains(.hasDigit), exact < 0 || !entry(l, exact).isLexical {
            // Each run of digits becomes "<n>", in a key of its own at the end of the arena.
            let from = Int(start)
            let to = from + Int(length)
            start = Int32(scratch.buffer.keys.count)
            var k = from
            while k < to {
                let b = scratch.buffer.keys[k]
                if b &- 0x30 < 10 {
                    scratch.buffer.keys.append(contentsOf: Compiler.numberPlaceholder)
                    while k < to, scratch.buffer.keys[k] &- 0x30 < 10 { k += 1 }
                } else {
                    scratch.buffer.keys.append(b)
                    k += 1
                }
            }
            length = Int32(scratch.buffer.keys.count) - start
            exact = lookUp(start, length, &scratch)
        } else if exact >= 0, entry(l, exact).roles.contains(.number) {
            start = Int32(scratch.buffer.keys.count)
            scratch.buffer.keys.append(contentsOf: Compiler.numberPlaceholder)
            length = Int32(Compiler.numberPlaceholder.count)
            exact = numberClass
        }
        let roles = exact >= 0 ? entry(l, exact).roles : []
        var term: Int32 = roles.isDisjoint(with: .lexical) ? -1 : exact
        if term < 0, flags.contains(.elongated) {
            for keep in 1...2 {
                scratch.key.removeAll(keepingCapacity: true)
                var run = 0
                var last: UInt8 = 0
                for b in scratch.buffer.keys[Int(start)..<Int(start + length)] {
                    if b == last, b < 0x80 {
                        run += 1
                        if run > 3 - keep { continue }
                    } else {
                        run = 1
                        last = b
                    }
                    scratch.key.append(b)
                }
                // A sentiment word or booster ("soooo"), not a negator: "noooo" is an exclamation.
                let e = lookUp(scratch.key, table)
                if e >= 0, !entry(l, e).roles.isDisjoint(with: [.valence, .modifier]),
                    !entry(l, e).roles.contains(.negator)
                {
                    term = e
                    break
                }
            }
        }
        if term < 0, l == 1, length > 3, flags.contains(.apostrophe) {
            let end = Int(start + length)
            scratch.buffer.keys.withUnsafeBufferPointer { k in
                if k[end - 3] == 0x6E, k[end - 2] == 0x27, k[end - 1] == 0x74 { term = notSuffix }
            }
        }
        scratch.words.append(
            Word(
                start: start, length: length, term: term, flags: flags, phraseStart: roles.contains(.phraseStart),
                phraseSecond: roles.contains(.phraseSecond)))
    }

    /// Merges known phrases into one word, longest first. Every other word stays, single letters
    /// included, since the negation and booster windows count words as VADER does.
    func mergePhrases(_ l: Int, _ scratch: inout ScoringScratch) {
        let n = scratch.words.count
        guard maxPhrase[l] > 1, scratch.words.contains(where: { $0.phraseStart }) else { return }
        var out = 0
        var i = 0
        while i < n {
            if scratch.words[i].phraseStart, i + 1 < n, scratch.words[i + 1].phraseSecond {
                // Extend word by word while the words so far are a phrase or a phrase's beginning.
                scratch.key.removeAll(keepingCapacity: true)
                let first = scratch.words[i]
                scratch.buffer.keys.withUnsafeBufferPointer { keys in
                    scratch.key.append(
                        contentsOf: UnsafeBufferPointer(
                            rebasing: keys[Int(first.start)..<Int(first.start + first.length)]))
                }
                var best = 0
                var bestTerm: Int32 = -1
                var bestKeyLength = 0
                var k = i + 1
                while k < n, k - i < maxPhrase[l], !scratch.words[k - 1].flags.contains(.endsSentence) {
                    let w = scratch.words[k]
                    scratch.key.append(0x20)
                    scratch.buffer.keys.withUnsafeBufferPointer { keys in
                        scratch.key.append(
                            contentsOf: UnsafeBufferPointer(rebasing: keys[Int(w.start)..<Int(w.start + w.length)]))
                    }
                    let e = lookUp(scratch.key, table)
                    guard e >= 0 else { break }
                    let info = entry(l, e)
                    if info.isLexical, info.roles.contains(.phrase) {
                        best = k - i + 1
                        bestTerm = e
                        bestKeyLength = scratch.key.count
                    }
                    if !info.roles.contains(.phrasePrefix) { break }
                    k += 1
                }
                if best > 0 {
                    let last = scratch.words[i + best - 1]
                    var flags = last.flags.intersection([.endsClause, .endsSentence, .endsQuestion])
                    flags.insert(.phrase)
                    if first.flags.contains(.allCaps) { flags.insert(.allCaps) }
                    let start = Int32(scratch.buffer.keys.count)
                    scratch.buffer.keys.append(contentsOf: scratch.key[0..<bestKeyLength])
                    scratch.words[out] = Word(
                        start: start, length: Int32(bestKeyLength), term: bestTerm, flags: flags, phraseStart: false)
                    out += 1
                    i += best
                    continue
                }
            }
            if out != i { scratch.words[out] = scratch.words[i] }
            out += 1
            i += 1
        }
        scratch.words.removeLast(n - out)
    }
}
