import Foundation
import Testing
import VigieTestSupport

@testable import VigieStore

@Suite struct StoryFingerprintTests {
    /// Pairwise decisions over a set of texts: copies of one story must be the
    /// same story, distinct texts must not.
    private struct PairCounts {
        var truePositives = 0, falseNegatives = 0, falsePositives = 0, trueNegatives = 0
        var precision: Double { Double(truePositives) / Double(max(truePositives + falsePositives, 1)) }
        var recall: Double { Double(truePositives) / Double(max(truePositives + falseNegatives, 1)) }

        mutating func count(_ same: Bool, expected: Bool) {
            switch (same, expected) {
            case (true, true): truePositives += 1
            case (false, true): falseNegatives += 1
            case (true, false): falsePositives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    private func pairs(copies: [[String]], distinct: [String]) -> PairCounts {
        // Every text labelled by its story; distinct texts are stories of one.
        var texts: [(story: Int, text: String)] = []
        for (story, group) in copies.enumerated() { texts += group.map { (story, $0) } }
        texts += distinct.enumerated().map { (copies.count + $0.offset, $0.element) }
        let sketches = texts.map { StoryFingerprint(title: nil, text: $0.text) }
        var counts = PairCounts()
        for i in texts.indices {
            for j in texts.indices where j > i {
                let same = sketches[i].flatMap { a in sketches[j].map { a.isSameStory(as: $0) } } ?? false
                counts.count(same, expected: texts[i].story == texts[j].story)
            }
        }
        return counts
    }

    @Test func rewrittenWireCopiesAreOneStoryAndComplaintsStayApart() {
        let counts = pairs(
            copies: [WireStories.frenchCopies, WireStories.englishCopies],
            distinct: WireStories.frenchComplaints + WireStories.englishComplaints
                + WireStories.frenchIndependentArticles + WireStories.englishIndependentArticles)
        print(
            "near-duplicate pairs: precision \(counts.precision), recall \(counts.recall) "
                + "(tp \(counts.truePositives), fn \(counts.falseNegatives), fp \(counts.falsePositives), tn \(counts.trueNegatives))"
        )
        #expect(counts.truePositives + counts.falseNegatives == 190 + 45)
        #expect(counts.falsePositives == 0)
        #expect(counts.recall >= 0.95)
    }

    @Test func everyCopyIsTheSameStoryAsTheFullOne() throws {
        let full = try #require(
            StoryFingerprint(title: nil, text: WireStories.frenchParagraphs.joined(separator: "\n")))
        for copy in WireStories.frenchCopies {
            let sketch = try #require(StoryFingerprint(title: nil, text: copy))
            #expect(sketch.isSameStory(as: full), "\(sketch.containment(with: full)): \(copy.prefix(80))")
        }
    }

    @Test func independentArticlesAboutTheSameEventAreSketchedAndStayApart() throws {
        let articles = WireStories.frenchIndependentArticles + WireStories.englishIndependentArticles
        let sketches = try articles.map { try #require(StoryFingerprint(title: nil, text: $0)) }
        for i in sketches.indices {
            for j in sketches.indices where j != i {
                #expect(sketches[i].containment(with: sketches[j]) < 0.2, "\(i) \(j)")
            }
        }
        let copy = try #require(StoryFingerprint(title: nil, text: WireStories.frenchCopies[0]))
        #expect(sketches.allSatisfy { $0.containment(with: copy) < 0.2 })
    }

    @Test func shortTextsAreNotSketched() {
        #expect(StoryFingerprint(title: nil, text: "Panne chez Ardoise, scandale") == nil)
        #expect(StoryFingerprint(title: "Ardoise", text: "") == nil)
    }

    @Test func foldingMakesCaseAccentsAndPunctuationIrrelevant() throws {
        let a = try #require(StoryFingerprint(title: nil, text: WireStories.frenchParagraphs[0]))
        let shouted = WireStories.frenchParagraphs[0].uppercased().replacingOccurrences(of: ",", with: " ;")
        let b = try #require(StoryFingerprint(title: nil, text: shouted))
        #expect(a == b)
    }

    @Test func encodedSketchesReadBackEqual() throws {
        let sketch = try #require(StoryFingerprint(title: nil, text: WireStories.englishParagraphs.joined()))
        #expect(StoryFingerprint(encoded: sketch.encoded, shingleCount: sketch.shingleCount) == sketch)
        #expect(StoryFingerprint(encoded: Array(sketch.encoded.dropLast()), shingleCount: 3) == nil)
        #expect(sketch.bandKeys.count == StoryFingerprint.hashCount / StoryFingerprint.rowsPerBand)
    }

    @Test func containmentIsHighForAPrefixAndLowForUnrelatedText() throws {
        let story = WireStories.frenchParagraphs.joined(separator: " ")
        let whole = try #require(StoryFingerprint(title: nil, text: story))
        let prefix = try #require(StoryFingerprint(title: nil, text: WireStories.frenchParagraphs[0]))
        let other = try #require(
            StoryFingerprint(title: nil, text: WireStories.englishParagraphs.joined(separator: " ")))
        #expect(prefix.containment(with: whole) >= 0.8)
        #expect(whole.similarity(to: prefix) < 0.5)
        #expect(other.containment(with: whole) < 0.1)
    }
}
