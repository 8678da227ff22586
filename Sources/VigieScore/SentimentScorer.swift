import Foundation
import VigieCore

/// Scores the sentiment of French and English texts with lexicons and VADER-family rules.
///
/// Build it once (it compiles the lexicons into hash tables), then score as many texts as
/// needed, from any thread: it is an immutable value.
///
/// ```swift
/// let scorer = try SentimentScorer(lexicons: LexiconLocator.locate())
/// let sentiment = scorer.score("Le service client est nul, une vraie arnaque !")
/// // sentiment.language == .french, sentiment.label == .negative
/// let why = scorer.explain("Pas mal du tout, mais trop cher", language: .french)
/// // why.contributions: "pas mal" +…, "cher" −…
/// ```
///
/// The rules (negation scope, boosters, contrast, emphasis, label thresholds) are described in
/// `docs/SCORING.md`.
public struct SentimentScorer: Sendable {
    /// Where the compound score turns a label positive or negative.
    public struct Thresholds: Sendable, Hashable {
        /// A score at or above this is `positive`.
        public var positive: Double
        /// A score at or below this is `negative`.
        public var negative: Double

        /// VADER's ±0.05, the default.
        public init(positive: Double = 0.05, negative: Double = -0.05) {
            self.positive = positive
            self.negative = negative
        }
    }

    /// The label thresholds applied to the compound score.
    public var thresholds: Thresholds

    /// Every key (word, inflected form, accent-folded form, phrase, phrase prefix, emoji) to its entry.
    let table: ByteTable
    let tokenizer: Tokenizer
    /// What each language says about each entry: index `entry * 2 + language` (0 French, 1 English).
    let info: [TermInfo]
    /// The entry each entry was derived from (an inflected or folded form's base), for explanations.
    let source: [Int32]
    let maxPhrase: [Int]
    /// The entry standing for any English word ending in "n't" (a negator).
    let notSuffix: Int32
    /// The entry `<n>`, which a number stands for in the complaint layer's patterns.
    let numberClass: Int32

    /// Compiles the French and English lexicons into a scorer.
    public init(french: Lexicon, english: Lexicon, thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
        var compiler = Compiler(french: french, english: english)
        let compiled = compiler.compile()
        table = compiled.table
        tokenizer = compiled.tokenizer
        info = compiled.info
        source = compiled.source
        maxPhrase = compiled.maxPhrase
        notSuffix = compiled.notSuffix
        numberClass = compiled.numberClass
    }

    /// Reads both languages from a lexicon folder holding `fr/` and `en/`, then applies the
    /// user's own valence files (`term<TAB>valence`), which override the defaults for both
    /// languages.
    ///
    /// - Throws: `ScoreError` naming the file and line at fault.
    public init(lexicons directory: URL, overrides: [URL] = [], thresholds: Thresholds = Thresholds())
        throws(ScoreError)
    {
        var french = try Lexicon(directory: directory.appendingPathComponent("fr"), language: .french)
        var english = try Lexicon(directory: directory.appendingPathComponent("en"), language: .english)
        for url in overrides {
            let lines = try Lexicon.read(url, requiresValue: true)
            french.add(valences: lines)
            english.add(valences: lines)
        }
        self.init(french: french, english: english, thresholds: thresholds)
    }

    /// Scores `text`, in `language` or, when nil, in the language guessed from the text.
    ///
    /// - Parameter brandWords: the names of the brand the text is a mention of, which then carry
    ///   no sentiment (see ``brandWords(_:)``).
    public func score(_ text: String, language: Language? = nil, brandWords: BrandWords = .none) -> Sentiment {
        var scratch = ScoringScratch()
        var copy = text
        return copy.withUTF8 { score(utf8: $0, language: language, scratch: &scratch, brandWords: brandWords) }
    }

    /// Scores `text` and reports the terms that drove the score (a phrase as the lexicon writes
    /// it: "lost my bag", "for <n> hours").
    public func explain(_ text: String, language: Language? = nil, brandWords: BrandWords = .none) -> ScoredText {
        var scratch = ScoringScratch()
        var copy = text
        let sentiment = copy.withUTF8 {
            score(utf8: $0, language: language, scratch: &scratch, explain: true, brandWords: brandWords)
        }
        return ScoredText(sentiment: sentiment, contributions: scratch.contributions)
    }

    /// The language `text` is most likely written in (French or English).
    public func guessLanguage(_ text: String) -> Language {
        var scratch = ScoringScratch()
        var copy = text
        return copy.withUTF8 { bytes in
            tokenizer.tokenize(bytes, into: &scratch.buffer)
            lookUpTokens(&scratch)
            return guessLanguage(scratch)
        }
    }

    /// The allocation-free path for scoring many texts: UTF-8 bytes in, `Sentiment` out.
    ///
    /// - Parameters:
    ///   - text: the UTF-8 bytes of one text (invalid bytes are tolerated).
    ///   - language: the language to score in, or nil to guess it.
    ///   - scratch: working memory reused from one call to the next.
    ///   - explain: when true, `scratch.contributions` receives the contributing terms.
    ///   - brandWords: the names of the brand the text is a mention of, which carry no sentiment.
    public func score(
        utf8 text: UnsafeBufferPointer<UInt8>, language: Language?, scratch: inout ScoringScratch,
        explain: Bool = false, brandWords: BrandWords = .none
    ) -> Sentiment {
        tokenizer.tokenize(text, into: &scratch.buffer)
        lookUpTokens(&scratch)
        let language = language ?? guessLanguage(scratch)
        let l = language == .french ? 0 : 1
        buildWords(l, &scratch, brandWords: brandWords.isEmpty ? nil : brandWords)
        mergePhrases(l, &scratch)
        return applyRules(l, language, &scratch, explain: explain)
    }

    /// The lexicon term behind entry `e`, for explanations.
    func term(_ e: Int32) -> String {
        String(decoding: table.key(source[Int(e)]), as: UTF8.self)
    }

    /// What language `l` says about entry `e` (which must be >= 0).
    @inline(__always)
    func entry(_ l: Int, _ e: Int32) -> TermInfo { info[Int(e) &* 2 &+ l] }

    /// The label for a compound score under these thresholds.
    public func label(for score: Double) -> Sentiment.Label {
        if score >= thresholds.positive { return .positive }
        if score <= thresholds.negative { return .negative }
        return .neutral
    }
}
