/// One token of a text: its lower-cased key (in the owning buffer's byte arena) and what the
/// tokenizer saw about its shape.
struct Token: Sendable {
    /// Shape flags.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        /// Every cased letter is upper-case ("GREAT"), at least two letters.
        static let allCaps = Flags(rawValue: 1 << 0)
        /// A letter repeated three times or more ("nuuuul", "soooo").
        static let elongated = Flags(rawValue: 1 << 1)
        /// An emoji or other pictographic symbol.
        static let symbol = Flags(rawValue: 1 << 2)
        /// A whole whitespace-delimited chunk kept as is because it may be an emoticon (":-)").
        static let emoticon = Flags(rawValue: 1 << 3)
        /// A piece of a #hashtag.
        static let hashtag = Flags(rawValue: 1 << 4)
        /// A sentence ends after this token (. ! ? ; or the end of the text).
        static let endsSentence = Flags(rawValue: 1 << 5)
        /// A clause ends after this token (a comma, colon, dash or bracket), or a sentence does.
        static let endsClause = Flags(rawValue: 1 << 6)
        /// Contains at least one letter.
        static let hasLetter = Flags(rawValue: 1 << 7)
        /// Made of several tokens merged into a lexicon phrase ("pas mal", "kind of").
        static let phrase = Flags(rawValue: 1 << 8)
        /// A piece of a hashtag made of several words ("#TheWalkingDead"): often a name.
        static let compoundHashtag = Flags(rawValue: 1 << 9)
        /// The sentence ending after this token ends with a question mark.
        static let endsQuestion = Flags(rawValue: 1 << 10)
        /// Holds an inner hyphen ("peut-être").
        static let hyphenated = Flags(rawValue: 1 << 11)
        /// Holds an apostrophe ("l'homme", "don't", "l'").
        static let apostrophe = Flags(rawValue: 1 << 12)
        /// Holds a digit ("2", "3rd", "2hrs"): its digits may stand for `<n>` in a pattern.
        static let hasDigit = Flags(rawValue: 1 << 13)
    }

    var start: Int32
    var length: Int32
    var flags: Flags
    /// The key's `ByteTable` hash when the tokenizer computed it on the way, else 0.
    var hash: UInt32 = 0
    /// The entry of the exact key in the scorer's table, or -1 (filled after tokenizing).
    var entry: Int32 = -1
}
