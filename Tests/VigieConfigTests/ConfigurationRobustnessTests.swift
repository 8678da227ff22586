import Foundation
import Testing
import VigieConfig
import VigieTestSupport

/// Damaged configurations: reading them never crashes, and every problem is
/// located inside the file.
@Suite struct ConfigurationRobustnessTests {
    static let base = """
        storage: {path: v.db}
        defaults:
          interval: 15m
        brands:
          - name: Acme
            terms: [Acme, "#acme"]
            exclusions: [Acme Valley]
            query: 'acme NEAR/3 (panne OR bug)'
            languages: [fr]
            lexicon: {panne: -2}
          - Orange
        sources:
          - url: https://example.org/rss
            interval: 1h
            headers: {X-A: b}
            brands: [Acme]
          - url: file://feeds/a.xml
            kind: html
            selectors: {item: article}
        alerts:
          sinks: [{type: webhook, name: ops, url: "https://hooks.example/x", secret_env: OPS_SECRET}]
        export: {csv: {path: x.csv}}
        """

    static let insertions = [
        ":", "- ", "\t", "#", "[", "]", "{", "}", "\"", "'", "\n", "  ", "&a ", "*a ", "!!int ", "|", ">", "~", "NOT ",
        "(",
    ]

    @Test(arguments: 0..<6)
    func damagedFilesAreReportedNotCrashed(seed: UInt64) {
        var generator = SeededRandom(state: seed)
        for _ in 0..<150 {
            var scalars = Array(Self.base.unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0...scalars.count, using: &generator)
                if Bool.random(using: &generator), position < scalars.count {
                    scalars.remove(at: position)
                } else {
                    scalars.insert(
                        contentsOf: Self.insertions.randomElement(using: &generator)!.unicodeScalars, at: position)
                }
            }
            let yaml = String(String.UnicodeScalarView(scalars))
            let lineCount = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
            let (configuration, problems) = Configuration.check(
                yaml: yaml, baseDirectory: FileManager.default.temporaryDirectory)
            #expect(configuration != nil || problems.contains { $0.severity == .error }, "\(yaml)")
            for problem in problems {
                #expect((problem.line ?? 1) >= 1 && (problem.line ?? 1) <= lineCount + 1, "\(problem)\n\(yaml)")
                #expect(!problem.message.isEmpty)
            }
        }
    }
}
