import Foundation
import Testing
import VigieConfig
import VigieTestSupport

/// `retention:` (issue 17): keep everything by default, a duration of at least 35 days otherwise.
@Suite struct RetentionSettingsTests {
    private let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private func check(_ yaml: String) -> (Configuration?, [ConfigurationProblem]) {
        Configuration.check(
            yaml: "brands: [Acme]\nsources: [https://news.example/rss]\n" + yaml, file: "vigie.yaml",
            baseDirectory: folder.url)
    }

    @Test(
        arguments: [
            ("", nil), ("retention: 400d\n", 400 * 86_400), ("retention: 90d\n", 90 * 86_400),
            ("retention: 35d\n", 35 * 86_400), ("retention: 900h\n", 900 * 3_600), ("retention: forever\n", nil),
            ("retention:\n", nil),
        ] as [(String, Int64?)])
    func retentionIsReadOrEverythingIsKept(yaml: String, seconds: Int64?) throws {
        let (configuration, problems) = check(yaml)
        let read = try #require(configuration, "\(problems)")
        #expect(read.storage.retention == seconds.map { .seconds($0) })
    }

    @Test(arguments: [
        ("retention: 10d\n", "10d is too short: keep at least 35d"),
        ("retention: 400\n", "bad duration \"400\""),
        ("retention: a year\n", "bad duration \"a year\""),
        ("retention: [90d]\n", "expected a duration such as 90d or 400d, or forever"),
    ])
    func mistakesAreLocated(yaml: String, message: String) {
        let (configuration, problems) = check(yaml)
        #expect(configuration == nil)
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.contains { $0.line == 3 && $0.path == "retention" && $0.message.contains(message) }, "\(errors)")
    }
}
