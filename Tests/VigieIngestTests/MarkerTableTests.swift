import Testing

@testable import VigieIngest

/// `MarkerTable` finds with one lookup which of three word lists hold a token.
@Suite struct MarkerTableTests {
    static let table = MarkerTable(
        article: ["article-body", "post-body"], comments: ["comment", "replies"],
        furniture: ["share", "comment", "nav"])

    static func lists(_ token: String) -> MarkerTable.Lists {
        Array(token.utf8).withUnsafeBufferPointer { table.lists(lowercasing: $0) }
    }

    @Test func findsTheListsOfAWord() {
        #expect(MarkerTableTests.lists("article-body") == .article)
        #expect(MarkerTableTests.lists("Replies") == .comments)
        #expect(MarkerTableTests.lists("NAV") == .furniture)
        // A word in two lists is in both.
        #expect(MarkerTableTests.lists("comment") == [.comments, .furniture])
    }

    @Test(arguments: ["", "article", "body", "shares", "navbar", "é"])
    func findsNoListForOtherWords(token: String) {
        #expect(MarkerTableTests.lists(token).isEmpty)
    }
}
