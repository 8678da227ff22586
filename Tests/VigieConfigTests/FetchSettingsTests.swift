import Foundation
import Testing
import VigieConfig
import VigieTestSupport

/// `fetch: allow_private_redirects:` (issue 11, item 3).
@Suite struct FetchSettingsTests {
    private let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private func check(_ yaml: String) -> (Configuration?, [ConfigurationProblem]) {
        Configuration.check(yaml: yaml, file: "vigie.yaml", baseDirectory: folder.url)
    }

    @Test func privateRedirectsAreRefusedUnlessAllowed() throws {
        let none = try #require(check("brands: [Acme]\nsources: [https://news.example/rss]\n").0)
        #expect(none.fetchSettings.allowPrivateRedirects == false)
        let allowed = try #require(
            check("brands: [Acme]\nsources: [https://news.example/rss]\nfetch:\n  allow_private_redirects: true\n").0)
        #expect(allowed.fetchSettings.allowPrivateRedirects == true)
        let refused = try #require(check("brands: [Acme]\nfetch: {allow_private_redirects: false}\n").0)
        #expect(refused.fetchSettings.allowPrivateRedirects == false)
        let empty = try #require(check("brands: [Acme]\nfetch:\n").0)
        #expect(empty.fetchSettings == FetchSettings())
    }

    @Test func mistakesAreLocated() {
        let (configuration, problems) = check(
            "brands: [Acme]\nfetch:\n  allow_private_redirects: sometimes\n  timeout: 5s\n")
        #expect(configuration == nil)
        let errors = problems.filter { $0.severity == .error }.map { "\($0.line ?? 0) \($0.path): \($0.message)" }
        #expect(errors.contains("3 fetch.allow_private_redirects: expected true or false"), "\(errors)")
        #expect(errors.contains { $0.hasPrefix("4 fetch.timeout: unknown key \"timeout\"") }, "\(errors)")
    }
}
