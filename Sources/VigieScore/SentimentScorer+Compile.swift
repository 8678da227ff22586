import VigieCore

extension SentimentScorer {
    /// Turns two `Lexicon`s into the scorer's hash tables. Every term is normalised the way
    /// texts are (same tokenizer, same French elision split), so a phrase in a file matches
    /// the same phrase in a text.
    struct Compiler {
        var french: Lexicon
        var english: Lexicon

        struct Output {
            var table: ByteTable
            var folded: [ByteTable]
            var tokenizer: Tokenizer
            var info: [[TermInfo]]
            var terms: [String]
            var inflections: [[(suffix: [UInt8], replacement: [UInt8])]]
            var maxPhrase: [Int]
            var particleNe: Int32
            var que: Int32
            var notSuffix: Int32
        }

        private var index: [[UInt8]: Int32] = [:]
        private var keys: [[UInt8]] = []
        private var info: [[TermInfo]] = [[], []]
        private var emoticons: [[UInt8]] = []
        private var maxPhrase = [1, 1]
        private let plainTokenizer = Tokenizer(emoticons: ByteTable([]))

        init(french: Lexicon, english: Lexicon) {
            self.french = french
            self.english = english
        }

        private mutating func id(_ key: [UInt8]) -> Int32 {
            if let i = index[key] { return i }
            let i = Int32(keys.count)
            index[key] = i
            keys.append(key)
            info[0].append(TermInfo())
            info[1].append(TermInfo())
            return i
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
            let bytes = Array(term.utf8)
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

        /// Registers `term` for language `l` and returns its entry, marking phrase starts.
        private mutating func entry(_ term: String, _ l: Int) -> Int32? {
            let parts = tokens(of: term, language: l)
            guard !parts.isEmpty else { return nil }
            if parts.count == 1 { return id(parts[0]) }
            let first = id(parts[0])
            info[l][Int(first)].roles.insert(.phraseStart)
            maxPhrase[l] = max(maxPhrase[l], parts.count)
            let key = Array(parts.joined(separator: [0x20]))
            let phrase = id(key)
            info[l][Int(phrase)].roles.insert(.phrase)
            return phrase
        }

        mutating func compile() -> Output {
            var inflections: [[(suffix: [UInt8], replacement: [UInt8])]] = [[], []]
            for (l, lexicon) in [french, english].enumerated() {
                for (term, value) in lexicon.valences.sorted(by: { $0.key < $1.key }) {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].valence = Float(value)
                    // A word at 0 is not a sentiment word (a correction removing a source's slip);
                    // a phrase at 0 stays, to neutralise the words inside it ("bien sûr").
                    if value == 0, !info[l][Int(e)].roles.contains(.phrase) {
                        info[l][Int(e)].roles.remove(.valence)
                    } else {
                        info[l][Int(e)].roles.insert(.valence)
                    }
                }
                for (term, value) in lexicon.modifiers.sorted(by: { $0.key < $1.key }) {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].modifier = Float(value)
                    info[l][Int(e)].roles.insert(.modifier)
                }
                for (term, flags) in lexicon.negators.sorted(by: { $0.key < $1.key }) {
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
                for term in lexicon.verbsOnly.sorted() {
                    guard let e = entry(term, l) else { continue }
                    info[l][Int(e)].roles.insert(.verbOnly)
                }
                inflections[l] = lexicon.inflections.map { (Array($0.suffix.utf8), Array($0.replacement.utf8)) }
            }
            let particleNe = id(Array("ne".utf8))
            let que = id(Array("que".utf8))
            let notSuffix = id(Array("n't".utf8))
            for l in 0..<2 where info[l][Int(notSuffix)].roles.isEmpty && l == 1 {
                info[l][Int(notSuffix)].roles.insert(.negator)
            }
            let table = ByteTable(keys.enumerated().map { ($0.element, Int32($0.offset)) })
            var folded: [ByteTable] = []
            for l in 0..<2 {
                var pairs: [(key: [UInt8], value: Int32)] = []
                // Entries whose key has no accent first, so "pate" stays "pate" if both exist.
                for (i, key) in keys.enumerated() where info[l][i].isLexical || info[l][i].roles.contains(.phraseStart) {
                    let f = TextBytes.folded(key)
                    if f == key { pairs.append((f, Int32(i))) }
                }
                for (i, key) in keys.enumerated() where info[l][i].isLexical || info[l][i].roles.contains(.phraseStart) {
                    let f = TextBytes.folded(key)
                    if f != key { pairs.append((f, Int32(i))) }
                }
                folded.append(ByteTable(pairs))
            }
            let emoticonTable = ByteTable(emoticons.map { ($0, 0) })
            return Output(
                table: table, folded: folded, tokenizer: Tokenizer(emoticons: emoticonTable), info: info,
                terms: keys.map { String(decoding: $0, as: UTF8.self) }, inflections: inflections, maxPhrase: maxPhrase,
                particleNe: particleNe, que: que, notSuffix: notSuffix)
        }
    }

    /// French elided words: "l'", "d'", "j'", "m'", "t'", "s'", "c'", "n'", "qu'", "jusqu'",
    /// "lorsqu'", "puisqu'", "quoiqu'". Returns the prefix length, apostrophe included.
    static func elisionPrefixLength(_ key: ArraySlice<UInt8>) -> Int? {
        let s = key.startIndex
        guard key.count >= 3 else { return nil }
        if key[s + 1] == 0x27 {
            switch key[s] {
            case 0x6C, 0x64, 0x6A, 0x6D, 0x74, 0x73, 0x63, 0x6E: return 2
            default: return nil
            }
        }
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
