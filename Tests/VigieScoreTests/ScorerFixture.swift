import Foundation
import VigieScore

/// The scorer built from the repository's own lexicons, once for all suites.
enum ScorerFixture {
    static let loaded: Result<SentimentScorer, ScoreError> = {
        do throws(ScoreError) {
            let directory = try LexiconLocator.locate(explicit: nil, environment: [:])
            return .success(try SentimentScorer(lexicons: directory))
        } catch {
            return .failure(error)
        }
    }()

    static func scorer() throws -> SentimentScorer {
        try loaded.get()
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-score-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
