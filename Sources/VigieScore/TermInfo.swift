/// What one language's lexicon says about one key (a word, emoji, emoticon or phrase).
struct TermInfo: Sendable {
    struct Roles: OptionSet, Sendable {
        let rawValue: UInt32
        static let valence = Roles(rawValue: 1 << 0)
        static let negator = Roles(rawValue: 1 << 1)
        static let negatorNeedsParticle = Roles(rawValue: 1 << 2)
        static let particle = Roles(rawValue: 1 << 3)
        static let negatorAfter = Roles(rawValue: 1 << 4)
        static let contrast = Roles(rawValue: 1 << 5)
        static let function = Roles(rawValue: 1 << 6)
        /// The first token of at least one phrase.
        static let phraseStart = Roles(rawValue: 1 << 7)
        static let modifier = Roles(rawValue: 1 << 8)
        /// The key is a phrase of several tokens.
        static let phrase = Roles(rawValue: 1 << 9)
        /// Can be the subject or auxiliary of a verb ("i", "we", "would").
        static let subject = Roles(rawValue: 1 << 10)
        /// A sentiment word only when used as a verb (after a subject, negator or booster).
        static let verbOnly = Roles(rawValue: 1 << 11)
        /// The first words of a longer phrase ("kiss of" for "kiss of death").
        static let phrasePrefix = Roles(rawValue: 1 << 12)
        /// Set to 0 by a reviewed file: not a sentiment word, and no inflection or accent folding
        /// may make it one ("centrale" must not inherit "central").
        static let neutral = Roles(rawValue: 1 << 13)
        /// The second token of at least one phrase: phrase merging only tries a phrase start
        /// followed by one of these.
        static let phraseSecond = Roles(rawValue: 1 << 14)
        /// A verb of opinion whose negation bears on the clause it introduces ("don't think").
        static let negationRaiser = Roles(rawValue: 1 << 15)
        /// A service failure of the complaint layer ("on hold", "lost my bag", "en panne").
        static let failure = Roles(rawValue: 1 << 16)
        /// Makes a complaint worse ("again", "for <n> hours", "encore"): counts only in a text
        /// that holds a failure.
        static let aggravator = Roles(rawValue: 1 << 17)
        /// Praise that reads as irony next to a failure ("bravo", "thanks for").
        static let ironic = Roles(rawValue: 1 << 18)
        /// A number word ("two", "trois") that stands for `<n>` in the complaint layer's patterns.
        static let number = Roles(rawValue: 1 << 19)
        /// A request or politeness formula ("please help", "svp"): no sentiment, and the
        /// thanks of the text are politeness.
        static let request = Roles(rawValue: 1 << 20)
        /// Thanks ("thanks", "merci"): politeness, not praise, in a text that asks something.
        static let polite = Roles(rawValue: 1 << 21)

        /// Roles that make a key "known" for scoring (as opposed to phrase starts and function words).
        static let lexical: Roles = [
            .valence, .negator, .particle, .contrast, .modifier, .subject, .negationRaiser, .request,
        ]
    }

    var valence: Float = 0
    var modifier: Float = 0
    var roles: Roles = []

    @inline(__always) var isLexical: Bool { !roles.isDisjoint(with: .lexical) }
    @inline(__always) var hasValence: Bool { roles.contains(.valence) }
    /// A sentiment word in its own right (an aggravator only counts next to a failure).
    @inline(__always) var isSentiment: Bool { roles.contains(.valence) && !roles.contains(.aggravator) }
}
