/// The words of one brand's own names (terms, query words, @handles, #hashtags), which carry no
/// sentiment in that brand's mentions: "United", "Free", "Orange" are names there, not praise.
///
/// Made by ``SentimentScorer/brandWords(_:)`` and passed to `score`/`explain`:
///
/// ```swift
/// let united = scorer.brandWords(["@united", "United Airlines"])
/// scorer.score("United lost my bag", brandWords: united)  // "united" is not +1.8 here
/// ```
///
/// Only words that would otherwise count are kept (sentiment words, boosters, phrase words), in
/// any case and with or without accents; grammatical words ("la" of "La Poste") keep their role.
public struct BrandWords: Sendable, Hashable {
    /// The lexicon entries (base forms) to read as names, sorted.
    let entries: [Int32]

    /// No word: scoring with it is scoring without it.
    public static let none = BrandWords(entries: [])

    /// Whether no word of the brand carries sentiment, so its mentions score as any text.
    public var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    func contains(_ entry: Int32) -> Bool {
        for e in entries where e == entry { return true }
        return false
    }
}

extension SentimentScorer {
    /// The words of a brand's `terms` (names, phrases, `@handles`, `#hashtags`, as written in the
    /// configuration) that this scorer's lexicons would otherwise score.
    public func brandWords(_ terms: [String]) -> BrandWords {
        var entries = Set<Int32>()
        var buffer = TokenBuffer()
        var folded: [UInt8] = []
        // The brand's words without accents, to find the accented words they also write
        // ("Genial" is "génial" too, though "genial" is an English word of its own).
        var foldedWords = Set<[UInt8]>()
        for term in terms {
            // A handle is skipped by the tokenizer: read its name as a word and as a hashtag
            // ("@AmericanAir" is also "#AmericanAir": "american", "air").
            var variants = [term]
            for chunk in term.split(separator: " ") where chunk.hasPrefix("@") {
                variants.append(String(chunk.dropFirst()))
                variants.append("#" + chunk.dropFirst())
            }
            if term.hasPrefix("#") { variants.append(String(term.dropFirst())) }
            for variant in variants {
                var copy = variant
                copy.withUTF8 { tokenizer.tokenize($0, into: &buffer) }
                for t in buffer.tokens {
                    var key = Array(buffer.keys[Int(t.start)..<Int(t.start + t.length)])
                    if let p = Self.elisionPrefixLength(key[...]), p < key.count { key.removeFirst(p) }
                    folded.removeAll(keepingCapacity: true)
                    TextBytes.fold(key[...], into: &folded)
                    foldedWords.insert(folded)
                    for candidate in [key, folded] {
                        let e = table.value(for: candidate)
                        guard e >= 0 else { continue }
                        for found in [e, source[Int(e)]] where countsAsBrandWord(found) { entries.insert(found) }
                    }
                }
            }
        }
        for e in 0..<Int32(table.count) where table.key(e).contains(where: { $0 >= 0x80 }) {
            folded.removeAll(keepingCapacity: true)
            TextBytes.fold(table.key(e), into: &folded)
            guard foldedWords.contains(folded) else { continue }
            for found in [e, source[Int(e)]] where countsAsBrandWord(found) { entries.insert(found) }
        }
        return BrandWords(entries: entries.sorted())
    }

    /// A word a brand may own: one that would score or join a phrase, not a grammatical word.
    private func countsAsBrandWord(_ e: Int32) -> Bool {
        let scoring: TermInfo.Roles = [
            .valence, .modifier, .phraseStart, .phraseSecond, .failure, .aggravator, .ironic, .polite,
        ]
        let grammatical: TermInfo.Roles = [
            .negator, .particle, .contrast, .subject, .function, .negationRaiser, .number,
        ]
        var scores = false
        for l in 0..<2 {
            let roles = entry(l, e).roles
            if !roles.isDisjoint(with: grammatical) { return false }
            if !roles.isDisjoint(with: scoring) { scores = true }
        }
        return scores
    }
}
