import Foundation
import VigieCore

/// The word lists of one language, as read from a lexicon folder (see `Lexicons/README.md`).
///
/// A folder holds, per language, `source-valence.tsv` and `source-emoji.tsv` (generated from the
/// upstream lists), `emoji.tsv`, `valence.tsv` and `idioms.tsv` (reviewed by us, overriding the
/// generated ones), `modifiers.tsv`, `negators.tsv`, `contrast.tsv`, `function-words.tsv` and
/// `inflections.tsv`. Terms are compared lower-cased, with `’` read as `'`.
///
/// ```swift
/// var french = try Lexicon(directory: lexicons.appendingPathComponent("fr"), language: .french)
/// try french.add(contentsOf: URL(fileURLWithPath: "acme-terms.tsv"))  // domain terms win
/// ```
public struct Lexicon: Sendable {
    /// How a negator behaves.
    public struct NegatorFlags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Negates only after the particle "ne" earlier in the clause ("plus", "personne").
        public static let needsParticle = NegatorFlags(rawValue: 1 << 0)
        /// Is the particle itself ("ne").
        public static let particle = NegatorFlags(rawValue: 1 << 1)
        /// May follow the word it negates ("j'aime pas").
        public static let after = NegatorFlags(rawValue: 1 << 2)
    }

    /// The language these lists describe.
    public var language: Language
    /// Valence of words, emoji, emoticons and multi-word phrases, on VADER's -4…+4 scale.
    public var valences: [String: Double] = [:]
    /// Boosters (> 0) and dampeners (< 0), as VADER's scalar (0.293).
    public var modifiers: [String: Double] = [:]
    /// Negators and how they behave.
    public var negators: [String: NegatorFlags] = [:]
    /// Contrast words ("mais", "but"): the clause after them weighs more.
    public var contrasts: Set<String> = []
    /// Frequent function words, for guessing the language of a text.
    public var functionWords: Set<String> = []
    /// Function words that can be the subject (or auxiliary) of a verb: "i", "we", "would".
    public var subjects: Set<String> = []
    /// Verbs of opinion whose negation bears on the clause they introduce ("I don't think it's
    /// good" means "I think it's not good"; "je ne pense pas que ce soit bon").
    public var negationRaisers: Set<String> = []
    /// Sentiment words that are only sentiment words as verbs ("like": "I like it", not
    /// "shows like this"): they count after a subject, a negator or a booster.
    public var verbsOnly: Set<String> = []
    /// Suffix rewrites tried, in order, for words the lists lack ("heureuses" → "heureux").
    public var inflections: [(suffix: String, replacement: String)] = []
    /// The service failures of the complaint layer ("on hold", "colis perdu"); their valence is
    /// in `valences`.
    public var failures: Set<String> = []
    /// Words and patterns that make a complaint worse ("again", "for <n> hours", "encore"):
    /// their (negative) valence, in `valences`, counts only in a text that holds a failure.
    public var aggravators: Set<String> = []
    /// Praise that reads as irony next to a failure ("bravo", "thanks for").
    public var ironic: Set<String> = []
    /// Requests and politeness formulas ("please help", "svp"); their valence is 0.
    public var requests: Set<String> = []
    /// Thanks ("thanks", "merci"), politeness rather than praise in a text that asks something.
    public var polite: Set<String> = []
    /// Number words ("two", "trois") that stand for `<n>` in the complaint layer's patterns,
    /// as digits do.
    public var numberWords: Set<String> = []

    /// An empty lexicon for `language`.
    public init(language: Language) {
        self.language = language
    }

    /// The files a lexicon folder must hold, in the order they are read (later ones win).
    public static let requiredFiles = [
        "source-valence.tsv", "source-emoji.tsv", "emoji.tsv", "valence.tsv", "idioms.tsv", "complaints.tsv",
        "modifiers.tsv", "negators.tsv", "contrast.tsv", "function-words.tsv", "inflections.tsv",
    ]

    /// Reads the lists of one language from `directory` (e.g. `Lexicons/fr`).
    ///
    /// - Throws: `ScoreError` naming the file, and the line when a line is malformed.
    public init(directory: URL, language: Language) throws(ScoreError) {
        self.init(language: language)
        for name in Self.requiredFiles {
            let url = directory.appendingPathComponent(name)
            let lines = try Self.read(
                url,
                requiresValue: [
                    "source-valence.tsv", "source-emoji.tsv", "emoji.tsv", "valence.tsv", "idioms.tsv", "modifiers.tsv",
                ].contains(name))
            switch name {
            case "modifiers.tsv":
                for line in lines { modifiers[Self.normalise(line.term)] = line.value ?? 0 }
            case "negators.tsv":
                for line in lines {
                    var flags: NegatorFlags = []
                    for flag in line.flags {
                        switch flag {
                        case "needs-ne": flags.insert(.needsParticle)
                        case "particle": flags.insert(.particle)
                        case "after": flags.insert(.after)
                        default:
                            throw ScoreError(
                                code: .malformedLine, path: url.path, line: line.line,
                                reason: "unknown negator flag \"\(flag)\"; known flags: needs-ne, particle, after")
                        }
                    }
                    negators[Self.normalise(line.term)] = flags
                }
            case "contrast.tsv":
                for line in lines { contrasts.insert(Self.normalise(line.term)) }
            case "function-words.tsv":
                for line in lines {
                    functionWords.insert(Self.normalise(line.term))
                    if line.flags.contains("subject") { subjects.insert(Self.normalise(line.term)) }
                    if line.flags.contains("neg-raising") { negationRaisers.insert(Self.normalise(line.term)) }
                }
            case "complaints.tsv":
                try readComplaints(lines, url)
            case "inflections.tsv":
                for line in lines {
                    inflections.append((Self.normalise(line.term), line.flags.first.map(Self.normalise) ?? ""))
                }
            default:
                for line in lines {
                    valences[Self.normalise(line.term)] = line.value ?? 0
                    if line.flags.contains("verb") { verbsOnly.insert(Self.normalise(line.term)) }
                }
            }
        }
    }

    /// The complaint layer: `term<TAB>valence<TAB>kind`, the kind being `failure`, `aggravator`,
    /// `request` (politeness, no sentiment: the valence is 0), `polite` (no valence: thanks),
    /// `ironic` (no valence: marks a praise word already listed) or `number` (no valence: a
    /// number word).
    private mutating func readComplaints(_ lines: [LexiconLine], _ url: URL) throws(ScoreError) {
        for line in lines {
            let term = Self.normalise(line.term)
            guard line.flags.count == 1, let kind = line.flags.first else {
                throw ScoreError(
                    code: .malformedLine, path: url.path, line: line.line,
                    reason: "\"\(line.term)\" needs one kind in the third column: "
                        + "failure, aggravator, request, polite, ironic or number")
            }
            let needsValue = kind == "failure" || kind == "aggravator"
            if needsValue, line.value == nil {
                throw ScoreError(
                    code: .malformedLine, path: url.path, line: line.line,
                    reason: "\"\(line.term)\" (\(kind)) has no valence; expected term<TAB>number<TAB>\(kind)")
            }
            switch kind {
            case "failure":
                valences[term] = line.value
                failures.insert(term)
            case "aggravator":
                valences[term] = line.value
                aggravators.insert(term)
            case "request":
                valences[term] = 0
                requests.insert(term)
            case "polite":
                polite.insert(term)
            case "ironic":
                ironic.insert(term)
            case "number":
                numberWords.insert(term)
            default:
                throw ScoreError(
                    code: .malformedLine, path: url.path, line: line.line,
                    reason: "unknown kind \"\(kind)\"; known kinds: "
                        + "failure, aggravator, request, polite, ironic, number")
            }
        }
    }

    /// Adds (or overrides) valences from a user file in the `term<TAB>valence` format:
    /// the domain terms of a brand or a deployment.
    ///
    /// - Throws: `ScoreError` naming the file and line.
    public mutating func add(contentsOf url: URL) throws(ScoreError) {
        for line in try Self.read(url, requiresValue: true) {
            valences[Self.normalise(line.term)] = line.value ?? 0
        }
    }

    /// Adds (or overrides) lines already parsed with `LexiconLine.parse`.
    public mutating func add(valences lines: [LexiconLine]) {
        for line in lines { valences[Self.normalise(line.term)] = line.value ?? 0 }
    }

    static func read(_ url: URL, requiresValue: Bool) throws(ScoreError) -> [LexiconLine] {
        let contents: String
        do {
            contents = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ScoreError(
                code: .unreadableFile, path: url.path,
                reason:
                    "cannot read this lexicon file (\(FileManager.default.fileExists(atPath: url.path) ? "not UTF-8 text?" : "missing")); every lexicon folder needs \(requiredFiles.joined(separator: ", "))"
            )
        }
        return try LexiconLine.parse(contents, path: url.path, requiresValue: requiresValue)
    }

    /// Lower-cases a term and reads typographic apostrophes as `'`.
    static func normalise(_ term: String) -> String {
        if term.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) { return term }
        let lower = Array(term.lowercased().utf8)
        guard lower.contains(0xE2) else { return String(decoding: lower, as: UTF8.self) }
        var out: [UInt8] = []
        var k = 0
        while k < lower.count {
            if k + 2 < lower.count, lower[k] == 0xE2, lower[k + 1] == 0x80, lower[k + 2] == 0x98 || lower[k + 2] == 0x99
            {
                out.append(0x27)
                k += 3
            } else {
                out.append(lower[k])
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
