import Foundation
import Testing
import VigieConfig
import VigieTestSupport

/// Issue 11: a configuration read for watching must have something to watch and its webhook secrets set;
/// each refusal says where and what to do.
@Suite struct ConfigurationPurposeTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    static let watching = ConfigurationPurpose.watching(environment: [:])

    /// A file with nothing to watch is refused when watching, saying what is missing and where to start;
    /// other commands still read it, with a warning.
    @Test(arguments: [
        ("", "", "the file is empty", nil as Int?),
        ("# nothing yet\n", "", "the file is empty", nil),
        ("brands: [Acme]\n", "sources", "no sources", nil),
        ("brands: [Acme]\nsources: []\n", "sources", "no sources", 2),
        ("sources: [https://example.org/rss]\n", "brands", "no brands", nil),
        ("brands:\nsources: [https://example.org/rss]\n", "brands", "no brands", 1),
    ])
    func nothingToWatchIsAnErrorWhenWatching(yaml: String, path: String, message: String, line: Int?) throws {
        let (configuration, problems) = Configuration.check(
            yaml: yaml, file: "vigie.yaml", baseDirectory: folder.url, purpose: Self.watching)
        #expect(configuration == nil)
        let problem = try #require(problems.first { $0.message.hasPrefix(message) }, "\(problems)")
        #expect(problem.severity == .error)
        #expect(problem.path == path)
        #expect(problem.line == line)
        #expect(problem.message.contains("Samples/vigie.yaml"))
        #expect(problem.message.contains("docs/CONFIG.md"))

        let (read, warnings) = Configuration.check(yaml: yaml, file: "vigie.yaml", baseDirectory: folder.url)
        #expect(read != nil)
        #expect(warnings.contains { $0.message.hasPrefix(message) && $0.severity == .warning })
    }

    static let webhook = """
        brands: [Acme]
        sources: [https://example.org/rss]
        alerts:
          sinks:
            - type: webhook
              name: ops
              url: https://hooks.example.com/T000/B000
              secret_env: VIGIE_OPS_SECRET
        """

    /// A webhook whose secret variable is not set would make every alert unsigned or refused: when watching,
    /// it is an error on the `secret_env:` line naming the variable and how to set it.
    @Test(arguments: [[:], ["VIGIE_OPS_SECRET": ""]])
    func anUnsetSecretVariableIsAnErrorWhenWatching(environment: [String: String]) throws {
        let (configuration, problems) = Configuration.check(
            yaml: Self.webhook, file: "vigie.yaml", baseDirectory: folder.url,
            purpose: .watching(environment: environment))
        #expect(configuration == nil)
        let problem = try #require(problems.first, "\(problems)")
        #expect(problems.count == 1)
        #expect(problem.severity == .error)
        #expect(problem.path == "alerts.sinks[0].secret_env")
        #expect(problem.line == 8)
        #expect(problem.column == 19)
        #expect(problem.message.contains("VIGIE_OPS_SECRET is not set"))
        #expect(problem.message.contains("export VIGIE_OPS_SECRET="))
    }

    @Test func aSetSecretVariableIsFine() throws {
        let (configuration, problems) = Configuration.check(
            yaml: Self.webhook, file: "vigie.yaml", baseDirectory: folder.url,
            purpose: .watching(environment: ["VIGIE_OPS_SECRET": "s3cret"]))
        #expect(configuration != nil)
        #expect(problems.isEmpty)
        // Reading for another purpose does not look at the environment at all.
        #expect(Configuration.check(yaml: Self.webhook, baseDirectory: folder.url).0 != nil)
    }

    /// A configuration path that is a folder says so, instead of Foundation's error text.
    @Test func aFolderGivenAsTheConfigurationIsExplained() throws {
        let (configuration, problems) = Configuration.check(contentsOf: folder.url)
        #expect(configuration == nil)
        let problem = try #require(problems.first)
        #expect(problem.message.contains("is a folder, not a configuration file"))
        #expect(problem.message.contains("--config"))
        #expect(!problem.description.contains("Domain="))
    }
}
