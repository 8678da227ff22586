import Testing

@testable import VigieIngest

/// `WordSet` and `ClassWords` read `class` words in place: they must answer as `Set<String>` and
/// `split` do on the same words.
@Suite struct WordSetTests {
    static let words = ["share", "ad", "ads", "article-body", "comment", "sidebar", "most", "toc", "nav", "post"]

    static func lookup(_ set: WordSet, _ token: String) -> Bool {
        Array(token.utf8).withUnsafeBufferPointer { set.contains(lowercasing: $0) }
    }

    @Test(arguments: ["share", "ad", "ads", "article-body", "comment", "post"])
    func findsItsWords(word: String) {
        let set = WordSet(WordSetTests.words)
        #expect(WordSetTests.lookup(set, word))
        #expect(WordSetTests.lookup(set, word.uppercased()))
        #expect(set.contains(word))
        #expect(!set.contains(word.uppercased()))
    }

    @Test(arguments: ["", "a", "shar", "shares", "adz", "article", "body", "commentaire", "posts", "é", "sidebär"])
    func findsNoOtherWord(token: String) {
        let set = WordSet(WordSetTests.words)
        #expect(!WordSetTests.lookup(set, token))
        #expect(!set.contains(token))
    }

    @Test func manyWordsStillFound() {
        let words = (0..<300).map { "w\($0)" }
        let set = WordSet(words)
        for word in words { #expect(set.contains(word)) }
        #expect(!set.contains("w300"))
    }

    static func runs(_ value: String, _ isSeparator: (UInt8) -> Bool) -> [String] {
        var runs: [String] = []
        Array(value.utf8).withUnsafeBufferPointer { bytes in
            ClassWords.forEach(in: bytes, separatedBy: isSeparator) { runs.append(String(decoding: $0, as: UTF8.self)) }
        }
        return runs
    }

    @Test(arguments: ["", "  ", "post", " post  entry\tmain\nside ", "a b", "\t\n"])
    func cutsAsSplitDoes(value: String) {
        let expected = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        #expect(WordSetTests.runs(value, ClassWords.isSpace) == expected)
    }

    @Test(arguments: ["post", "share-buttons", "post_related-x", "-a-", "--", "a--b", "_x_y_z_"])
    func outerPartsAsSplitGives(token: String) {
        let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let found: (String, String)? = Array(token.utf8).withUnsafeBufferPointer { bytes in
            ClassWords.outerParts(bytes).map {
                (String(decoding: $0.first, as: UTF8.self), String(decoding: $0.last, as: UTF8.self))
            }
        }
        #expect(found?.0 == parts.first)
        #expect(found?.1 == parts.last)
    }
}
