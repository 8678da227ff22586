import VigieCore

extension SentimentScorer {
    /// Turns two `Lexicon`s into the scorer's hash table. Every term is normalised the way
    /// texts are (same tokenizer, same French elision split), so a phrase in a file matches
    /// the same phrase in a text. Inflected forms, accent-folded forms and phrase beginnings
    /// are added as keys here, once, so that scoring a word takes one look-up.
    struct Compiler {
        var french: Lexicon
        var english: Lexicon

        struct Output {
            var table: ByteTable
            var tokenizer: Tokenizer
            var info: [TermInfo]
            var source: [Int32]
            var maxPhrase: [Int]
            var notSuffix: Int32
            var numberClass: Int32
        }

        /// What a run of digits (or a number word) becomes in a text's key, and how the complaint
        /// layer writes it: "for <n> hours", "<n>rd time".
        static let numberPlaceholder: [UInt8] = Array("<n>".utf8)
        /// A letters-only stand-in for `<n>` while a term goes through the tokenizer.
        private static let numberSentinel: [UInt8] = Array("qqnumberqq".utf8)

        private var table = ByteTable(capacity: 1 << 17)
        private var info: [[TermInfo]] = [[], []]
        /// The entry each key was derived from (itself, or the base of an inflected or
        /// accent-folded form), for explanations.
        private var source: [Int32] = []
        private var emoticons: [[UInt8]] = []
        private var maxPhrase = [1, 1]
        private let plainTokenizer = Tokenizer(emoticons: ByteTable())
        private var scratch: [UInt8] = []

        init(french: Lexicon, english: Lexicon) {
            self.french = french
            self.english = english
        }

        private mutating func id(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
            let i = table.insert(key)
            if Int(i) == source.count {
                info[0].append(TermInfo())
                info[1].append(TermInfo())
                source.append(i)
            }
            return i
        }

        private mutating func id(_ key: [UInt8]) -> Int32 {
            key.withUnsafeBufferPointer { id($0) }
        }

        static func isEmoticonByte(_ b: UInt8) -> Bool {
            switch b {
            case 0x3A, 0x3B, 0x3D, 0x28, 0x29, 0x5B, 0x5D, 0x3C, 0x3E, 0x5E, 0x2A, 0x2F, 0x5C, 0x7C, 0x7B, 0x7D, 0x25,
                0x24, 0x26:
                return true
            default: return false
            }
        }

        /// The tokens of a term, normalised as a text's tokens would be.
        private mutating func tokens(of term: String, language l: Int) -> [[UInt8]] {
            var bytes = Array(term.utf8)
            if Self.replace(Self.numberPlaceholder, with: Self.numberSentinel, in: &bytes) {
                return tokens(of: String(decoding: bytes, as: UTF8.self), language: l).map {
                    var key = $0
                    _ = Self.replace(Self.numberSentinel, with: Self.numberPlaceholder, in: &key)
                    return key
                }
            }
            // Plain lower-case words need no tokenizer.
            if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return [bytes] }
            if bytes.allSatisfy({ $0 < 0x80 }), bytes.contains(where: Self.isEmoticonByte) {
                let key = bytes.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
                emoticons.append(key)
                return [key]
            }
            var buffer = TokenBuffer()
            bytes.withUnsafeBufferPointer { plainTokenizer.tokenize($0, into: &buffer) }
            var result: [[UInt8]] = []
            for t in buffer.tokens {
                let key = Array(buffer.keys[Int(t.start)..<Int(t.start + t.length)])
                if l == 0, let p = SentimentScorer.elisionPrefixLength(key[...]), p < key.count {
                    result.append(SentimentScorer.elisionReplacement(Array(key[0..<p])))
                    result.append(Array(key[p...]))
                } else {
                    result.append(key)
                }
            }
            return result
        }

        /// Replaces every occurrence of `pattern` in `bytes`; tells whether there was one.
        private static func replace(_ pattern: [UInt8], with replacement: [UInt8], in bytes: inout [UInt8]) -> Bool {
            guard bytes.count >= pattern.count else { return false }
            var out: [UInt8] = []
            var k = 0
            var found = false
            while k < bytes.count {
                if k + pattern.count <= bytes.count, bytes[k..<(k + pattern.count)].elementsEqual(pattern) {
                    out.append(contentsOf: replacement)
                    k += pattern.count
                    found = true
                } else {
                    out.append(bytes[k])
                    k += 1
                }
            }
            if found { bytes = out }
            return found
        }

        /// Registers `term` for language `l` and returns its entry, marking phrase starts and
        /// phrase beginnings.
        private mutating func entry(_ term: String, _ l: Int) -> Int32? {
            let parts = tokens(of: term, language: l)
            guard !parts.isEmpty else { return nil }
            if parts.count == 1 { return id(parts[0]) }
            let first = id(parts[0])
            info[l][Int(first)].roles.insert(.phraseStart)
            info[l][Int(id(parts[1]))].roles.insert(.phraseSecond)
            maxPhrase[l] = max(maxPhrase[l], parts.count)
            if parts.count > 2 {
                for n in 2..<parts.count {
                    let prefix = id(Array(parts[0..<n].joined(separator: [0x20])))
                    info[l][Int(prefix)].roles.insert(.phrasePrefix)
                }
            }
            let phrase = id(Array(parts.joined(separator: [0x20])))
            info[l][Int(phrase)].roles.insert(.phrase)
            return phrase
        }

        mutating func compile() -> Output {
            for (l, lexicon) in [french, english].enumerated() {
                for (term, value) in lexicon.valences.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
                {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].valence = Float(value)
                    // A word at 0 is not a sentiment word (a correction removing a source's slip);
                    // a phrase at 0 stays, to neutralise the words inside it ("bien sûr").
                    if value == 0, !info[l][Int(e)].roles.contains(.phrase) {
                        info[l][Int(e)].roles.remove(.valence)
                        info[l][Int(e)].roles.insert(.neutral)
                    } else {
                        info[l][Int(e)].roles.insert(.valence)
                        info[l][Int(e)].roles.remove(.neutral)
                    }
                }
                for term in lexicon.verbsOnly.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.verbOnly)
                }
                for (term, value) in lexicon.modifiers.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                ) {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].modifier = Float(value)
                    info[l][Int(e)].roles.insert(.modifier)
                }
                for (term, flags) in lexicon.negators.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
                {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.negator)
                    if flags.contains(.particle) { info[l][Int(e)].roles.insert(.particle) }
                    if flags.contains(.needsParticle) { info[l][Int(e)].roles.insert(.negatorNeedsParticle) }
                    if flags.contains(.after) { info[l][Int(e)].roles.insert(.negatorAfter) }
                }
                for term in lexicon.contrasts.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.contrast)
                }
                for term in lexicon.functionWords.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.function)
                }
                for term in lexicon.subjects.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.subject)
                }
                for term in lexicon.negationRaisers.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.negationRaiser)
                }
                for (terms, role) in [
                    (lexicon.failures, TermInfo.Roles.failure), (lexicon.aggravators, .aggravator),
                    (lexicon.ironic, .ironic), (lexicon.numberWords, .number), (lexicon.requests, .request),
                    (lexicon.polite, .polite),
                ] {
                    for term in terms.sorted() {
                        guard let e = entry(term, l) else { continue }
                        info[l][Int(e)].roles.insert(role)
                    }
                }
                expandInflections(l, lexicon.inflections.map { (Array($0.suffix.utf8), Array($0.replacement.utf8)) })
            }
            let numberClass = id(Self.numberPlaceholder)
            let notSuffix = id(Array("n't".utf8))
            info[1][Int(notSuffix)].roles.insert(.negator)
            expandFolds()
            var flat: [TermInfo] = []
            flat.reserveCapacity(source.count * 2)
            for i in source.indices {
                flat.append(info[0][i])
                flat.append(info[1][i])
            }
            return Output(
                table: table, tokenizer: Tokenizer(emoticons: ByteTable(emoticons)), info: flat, source: source,
                maxPhrase: maxPhrase, notSuffix: notSuffix, numberClass: numberClass)
        }

        /// Adds the inflected forms of every single-word sentiment word ("heureux" → "heureuses")
        /// that the lexicon does not list itself, so a text's word is found in one look-up.
        /// Rules are applied in file order; an earlier rule's form wins. A rule that only adds
        /// a suffix ("s", "e") skips words that already end in s, x, z or the suffix's letter.
        private mutating func expandInflections(_ l: Int, _ rules: [(suffix: [UInt8], replacement: [UInt8])]) {
            guard !rules.isEmpty else { return }
            let count = source.count
            var derived = Set<Int32>()
            for rule in rules {
                for i in 0..<count
                where info[l][i].hasValence && info[l][i].roles.isDisjoint(with: [.phrase, .aggravator])
                    && source[i] == Int32(i)
                {
                    // A copy: a slice of the table's arena would make every insertion copy the arena.
                    let key = Array(table.key(Int32(i)))
                    let stem = key.count - rule.replacement.count
                    guard stem >= 3, key[stem...].elementsEqual(rule.replacement) else { continue }
                    if rule.replacement.isEmpty, let last = key.last {
                        if last == 0x73 || last == 0x78 || last == 0x7A || last == rule.suffix.first { continue }
                        if rule.suffix == [0x78], last != 0x75 { continue }  // "x" only after "u": beau → beaux
                    }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: key[0..<stem])
                    scratch.append(contentsOf: rule.suffix)
                    let f = id(scratch)
                    if info[l][Int(f)].isLexical || info[l][Int(f)].roles.contains(.neutral) || derived.contains(f) {
                        continue
                    }
                    info[l][Int(f)].valence = info[l][i].valence
                    info[l][Int(f)].roles.insert(.valence)
                    info[l][Int(f)].roles.formUnion(info[l][i].roles.intersection([.verbOnly, .failure]))
                    if source[Int(f)] == f { source[Int(f)] = Int32(i) }
                    derived.insert(f)
                }
            }
        }

        /// Adds the accent-folded form of every key ("decu" for "déçu"), for texts typed without
        /// accents. A folded form that is itself a word keeps its own meaning.
        private mutating func expandFolds() {
            let count = source.count
            for i in 0..<count {
                let key = Array(table.key(Int32(i)))
                guard key.contains(where: { $0 >= 0x80 }) else { continue }
                scratch.removeAll(keepingCapacity: true)
                TextBytes.fold(key, into: &scratch)
                guard !scratch.elementsEqual(key) else { continue }
                let target = id(scratch)
                for l in 0..<2 {
                    let from = info[l][i]
                    guard from.isLexical || !from.roles.isDisjoint(with: [.phraseStart, .phrasePrefix, .phraseSecond])
                    else {
                        continue
                    }
                    let to = info[l][Int(target)]
                    if to.isLexical
                        || !to.roles.isDisjoint(with: [.phraseStart, .phrasePrefix, .phraseSecond, .neutral])
                    {
                        continue
                    }
                    info[l][Int(target)] = from
                    if source[Int(target)] == target { source[Int(target)] = source[i] }
                }
            }
        }
    }

    /// French elided words: "l'", "d'", "j'", "m'", "t'", "s'", "c'", "n'", "qu'", "jusqu'",
    /// "lorsqu'", "puisqu'", "quoiqu'". Returns the prefix length, apostrophe included.
    static func elisionPrefixLength(_ key: ArraySlice<UInt8>) -> Int? {
        guard key.count >= 3 else { return nil }
        let s = key.startIndex
        let first = key[s]
        if key[s + 1] == 0x27 {
            switch first {
            case 0x6C, 0x64, 0x6A, 0x6D, 0x74, 0x73, 0x63, 0x6E: return 2
            default: return nil
            }
        }
        // Only "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'" remain: q, j, l, p.
        guard first == 0x71 || first == 0x6A || first == 0x6C || first == 0x70 else { return nil }
        for prefix in elisionPrefixes where key.count > prefix.count && key.starts(with: prefix) {
            return prefix.count
        }
        return nil
    }

    static let elisionPrefixes: [[UInt8]] = ["qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'"].map { Array($0.utf8) }

    /// The word an elided prefix stands for when it matters to the rules: "n'" is "ne", "qu'" is "que".
    static func elisionReplacement(_ prefix: [UInt8]) -> [UInt8] {
        if prefix == Array("n'".utf8) { return Array("ne".utf8) }
        if prefix.count > 2, prefix.last == 0x27, prefix[prefix.count - 2] == 0x75, prefix[prefix.count - 3] == 0x71 {
            return Array("que".utf8)
        }
        return prefix
    }
}
