/// The marker words of `class` and `id` (``Boilerplate``) in one table: which of the lists (article
/// tokens, comment markers, furniture markers) hold a token, found with one lookup of its bytes.
struct MarkerTable: Sendable {
    /// The lists a word is in.
    struct Lists: OptionSet, Sendable {
        let rawValue: UInt8
        /// A whole token that says "this is the article".
        static let article = Lists(rawValue: 1)
        /// A comment section or a comment.
        static let comments = Lists(rawValue: 2)
        /// Furniture.
        static let furniture = Lists(rawValue: 4)
    }

    private let words: WordSet
    /// The lists of each word, by its number in `words`.
    private let lists: [Lists]

    /// The words of the three lists (lower-case ASCII; a word may be in several).
    init(article: [String], comments: [String], furniture: [String]) {
        var all: [String] = []
        var lists: [Lists] = []
        for (list, words) in [(Lists.article, article), (.comments, comments), (.furniture, furniture)] {
            for word in words {
                if let number = all.firstIndex(of: word) {
                    lists[number].insert(list)
                } else {
                    all.append(word)
                    lists.append(list)
                }
            }
        }
        self.words = WordSet(all)
        self.lists = lists
    }

    /// The lists that hold `token`, its ASCII letters lowered.
    func lists(lowercasing token: UnsafeBufferPointer<UInt8>) -> Lists {
        words.number(lowercasing: token).map { lists[$0] } ?? []
    }
}
