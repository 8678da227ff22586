import Foundation
import Testing
import VigieTestSupport

/// Issue 11, as a user meets it: configurations that cannot be watched or are hostile are refused with
/// the file, the line and what to do, never with Foundation's `Error Domain=…` texts, and a webhook's
/// token never reaches the terminal.
@Suite struct ConfigurationErrorTests {
    /// A scratch folder removed when the test ends.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cli-errors-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }

        func exists(_ name: String) -> Bool {
            FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path)
        }
    }

    static let brandsAndSources = """
        storage: {path: data/vigie.db}
        brands: [Acme]
        sources: [file://feed.xml]

        """

    /// Nothing is said the Foundation way.
    static func expectPlainWords(_ result: VigieBinary.Result) {
        for raw in ["Error Domain", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "Code=", "UserInfo="] {
            #expect(!result.stderr.contains(raw), "\(result.stderr)")
        }
    }

    /// A YAML "billion laughs" (nine levels of nine aliases, 300 bytes) is refused by `config check` with the
    /// file and line, rather than expanded.
    @Test func configCheckRefusesAnAliasBomb() throws {
        let scratch = try Scratch()
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        try scratch.write("bomb.yaml", "alerts:\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n")
        let result = try VigieBinary.run(["config", "check", "--config", "bomb.yaml"], currentDirectory: scratch.url)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("bomb.yaml:7:"), "\(result.stderr)")
        #expect(result.stderr.contains("error: alerts.f[0]: the aliases of this document expand to more than"))
    }

    /// An empty file, or one without brands or sources: `config check` and `watch` refuse it, say what is
    /// missing and where to start, and `watch` creates nothing (no database, no folder).
    @Test(arguments: [
        ("", "the file is empty"),
        ("storage: {path: data/vigie.db}\nbrands: [Acme]\n", "sources: no sources"),
        (
            "storage: {path: data/vigie.db}\nbrands: [Acme]\nsources: []\n",
            "vigie.yaml:3:10: error: sources: no sources"
        ),
        ("storage: {path: data/vigie.db}\nsources: [file://feed.xml]\n", "brands: no brands"),
    ])
    func nothingToWatchIsRefusedBeforeAnythingIsCreated(yaml: String, message: String) throws {
        let scratch = try Scratch()
        try scratch.write("vigie.yaml", yaml)
        try scratch.write("feed.xml", "<rss version=\"2.0\"><channel><title>F</title></channel></rss>")
        let check = try VigieBinary.run(["config", "check"], currentDirectory: scratch.url)
        #expect(check.status == 1)
        #expect(check.stdout.isEmpty, "no OK line")
        #expect(check.stderr.contains(message), "\(check.stderr)")
        #expect(check.stderr.contains("Samples/vigie.yaml"))
        #expect(check.stderr.contains("docs/CONFIG.md"))

        let watch = try VigieBinary.run(["watch", "--once"], currentDirectory: scratch.url)
        #expect(watch.status == 1)
        #expect(watch.stderr.contains(message), "\(watch.stderr)")
        #expect(!scratch.exists("data"), "watch created the database folder")
        #expect(!scratch.exists("vigie.db"), "watch created a database")
    }

    static let webhookConfig =
        brandsAndSources + """
            alerts:
              sinks:
                - type: webhook
                  name: ops
                  url: http://127.0.0.1:9/hook
                  secret_env: VIGIE_TEST_OPS_SECRET

            """

    /// `config check` does not say OK when a webhook's secret variable is unset: it names the file, line,
    /// column, the variable and how to set it; once it is set, the check passes.
    @Test func configCheckReportsAnUnsetSecretVariable() throws {
        let scratch = try Scratch()
        try scratch.write("vigie.yaml", Self.webhookConfig)
        let unset = try VigieBinary.run(
            ["config", "check"], currentDirectory: scratch.url, environment: ["VIGIE_TEST_OPS_SECRET": ""])
        #expect(unset.status == 1)
        #expect(unset.stdout.isEmpty)
        #expect(
            unset.stderr.contains(
                "vigie.yaml:9:19: error: alerts.sinks[0].secret_env: the environment variable VIGIE_TEST_OPS_SECRET is not set"
            ), "\(unset.stderr)")
        #expect(unset.stderr.contains("export VIGIE_TEST_OPS_SECRET="))

        let set = try VigieBinary.run(
            ["config", "check"], currentDirectory: scratch.url, environment: ["VIGIE_TEST_OPS_SECRET": "s3cret"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.hasPrefix("vigie.yaml: OK, 1 brand, 1 source"))

        let watch = try VigieBinary.run(
            ["watch", "--once"], currentDirectory: scratch.url, environment: ["VIGIE_TEST_OPS_SECRET": ""])
        #expect(watch.status == 1)
        #expect(watch.stderr.contains("vigie.yaml:9:19: error: alerts.sinks[0].secret_env"), "\(watch.stderr)")
        #expect(!scratch.exists("data"), "watch created the database folder")
    }

    /// File errors name the file and what to do, in words.
    @Test func fileErrorsAreSentences() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("conf.d"), withIntermediateDirectories: true)
        let folder = try VigieBinary.run(["config", "check", "--config", "conf.d"], currentDirectory: scratch.url)
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("conf.d: error: this is a folder, not a configuration file"), "\(folder.stderr)")
        Self.expectPlainWords(folder)

        let missing = try VigieBinary.run(["mentions", "--config", "nope.yaml"], currentDirectory: scratch.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.yaml: error: the configuration file does not exist"))
        Self.expectPlainWords(missing)

        // The database's folder cannot be made: a file stands where it should be.
        try scratch.write("data", "not a folder")
        try scratch.write("vigie.yaml", Self.brandsAndSources)
        let blocked = try VigieBinary.run(["mentions"], currentDirectory: scratch.url)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("cannot create the folder of the database"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("storage: path in vigie.yaml"), "\(blocked.stderr)")
        Self.expectPlainWords(blocked)
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("data"))

        // An export into a folder that does not exist, or onto a folder.
        let noFolder = try VigieBinary.run(
            ["export", "mentions", "-o", "out/mentions.csv"], currentDirectory: scratch.url)
        #expect(noFolder.status == 1)
        #expect(
            noFolder.stderr.contains("cannot write out/mentions.csv: the folder out does not exist"),
            "\(noFolder.stderr)")
        #expect(noFolder.stderr.contains("mkdir -p out"))
        Self.expectPlainWords(noFolder)
        let onFolder = try VigieBinary.run(["export", "timeline", "-o", "conf.d"], currentDirectory: scratch.url)
        #expect(onFolder.status == 1)
        #expect(onFolder.stderr.contains("cannot write conf.d: it is a folder"), "\(onFolder.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).allSatisfy { !$0.contains("partial") }
        )
    }

    /// `alerts test-webhook` names the webhook and shows the URL's scheme and host only: its path, query and
    /// user part (where webhook tokens live) never reach the terminal.
    @Test func testWebhookNeverPrintsTheURLsToken() throws {
        let scratch = try Scratch()
        try scratch.write(
            "vigie.yaml",
            Self.brandsAndSources + """
                alerts:
                  sinks:
                    - type: webhook
                      name: ops
                      url: http://hookuser:pa55w0rd@127.0.0.1:9/services/T000/B000/s3cr3tT0k3n?token=qu3ryT0k3n
                      timeout: 5s

                """)
        let result = try VigieBinary.run(["alerts", "test-webhook", "ops"], currentDirectory: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("webhook ops (http://127.0.0.1:9/…)"), "\(result.stderr)")
        for secret in ["s3cr3tT0k3n", "qu3ryT0k3n", "pa55w0rd", "hookuser", "/services/"] {
            #expect(!result.stderr.contains(secret), "\(secret) printed: \(result.stderr)")
            #expect(!result.stdout.contains(secret))
        }
    }
}
