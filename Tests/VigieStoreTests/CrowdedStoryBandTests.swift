import Foundation
import Testing
import VigieCore
import VigieStore
import VigieTestSupport

/// A rewritten copy is recognised however many stored stories share a few shingles with it: a site's
/// boilerplate (a newsletter line, a copyright notice) puts most of its stories in the same sketch bands, and
/// the copy's story must not be crowded out of the candidates by older ones that merely share that line.
/// Found with the fleet benchmark (Benchmarks/fleet): one story in twenty-five was stored twice on both stores.
@Suite(.dedicatedThread) struct CrowdedStoryBandTests {
    /// A text of made-up words drawn from a fixed sequence: the same `seed` gives the same words.
    static func words(_ count: Int, seed: UInt64) -> String {
        let syllables = ["ka", "lo", "mi", "ren", "tus", "var", "zo", "bel", "dor", "fin", "gra", "hul", "jes", "pom"]
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            (0..<3).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return syllables[Int(state >> 33) % syllables.count]
            }.joined()
        }.joined(separator: " ")
    }

    static let boilerplate =
        "Inscrivez-vous à notre lettre d'information quotidienne pour recevoir chaque matin l'essentiel de l'actualité régionale."

    @Test(arguments: TestStore.available)
    func aRewriteIsFoundAmongManyStoriesSharingItsBoilerplate(kind: TestStore) async throws {
        try await StorePlace.with(kind) { place in
            let store = try await place.open()
            try await store.syncSources(WatchStoreConformanceTests.sources, now: Fixtures.t0)
            // 400 stories of site A, each its own 40 words and the site's boilerplate; the last is the one a
            // wire copy on site B rewrites.
            let stories = (0..<400).map { index in
                WatchStoreConformanceTests.scored(
                    Fixtures.entry(
                        id: "a-\(index)", link: "https://a.example/\(index)", title: "Titre \(index)",
                        text: Self.words(40, seed: UInt64(index + 1)) + ". " + Self.boilerplate,
                        published: Fixtures.t0), [Fixtures.mention("Orange", .neutral)])
            }
            let first = try await store.record(
                Fixtures.fetch("https://a.example/feed", at: Fixtures.t0, stories), fencedBy: nil)
            #expect(first.newEntries == 400)
            // Site B rewrites the last twenty: its own headline and agency tag, the body cut, the same line.
            let rewrites = (380..<400).map { index in
                WatchStoreConformanceTests.scored(
                    Fixtures.entry(
                        id: "b-\(index)", link: "https://b.example/reprise-\(index)",
                        title: "Repris de l'agence \(index)",
                        text: "(AFP) – " + Self.words(32, seed: UInt64(index + 1)) + ". " + Self.boilerplate,
                        published: Fixtures.t0), [Fixtures.mention("Orange", .neutral)])
            }
            // How many stored stories share a sketch band with each copy: for some, more than the 64 candidates
            // a lookup compares.
            let crowds = rewrites.map { copy in
                let bands = Set(StoryFingerprint(title: copy.entry.title, text: copy.entry.text)?.bandKeys ?? [])
                return stories.count {
                    !bands.isDisjoint(
                        with: StoryFingerprint(title: $0.entry.title, text: $0.entry.text)?.bandKeys ?? [])
                }
            }
            #expect(crowds.contains { $0 > 64 }, "\(crowds)")
            let second = try await store.record(
                Fixtures.fetch("https://b.example/feed", at: Fixtures.t0.addingTimeInterval(60), rewrites),
                fencedBy: nil)
            #expect(second.newEntries == 0 && second.duplicatesAcrossSources == 20, "\(second)")
            let rows = try await store.mentions(ids: first.mentionIDs)
            #expect(rows.count == 400)
            #expect(
                rows.filter { $0.carriers == 2 }.compactMap(\.link).sorted()
                    == (380..<400).map { "https://a.example/\($0)" }.sorted())
        }
    }
}
