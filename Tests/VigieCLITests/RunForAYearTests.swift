import Foundation
import Testing
import VigieTestSupport

/// What running Vigie unattended needs from the command line (issue 17): JSON logs without secrets,
/// `vigie backup`, `--version` with the build.
@Suite struct RunForAYearTests {
    /// A folder with one feed of `items` Acme entries and a source that fails, whose URL and header carry
    /// credentials.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-year-\(UUID().uuidString)")
        var config: String { folder.appendingPathComponent("vigie.yaml").path }
        static let password = "s3cret-pass-word"
        static let token = "tok-0123456789"

        init(items: Int) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var xml = "<rss version=\"2.0\"><channel><title>News</title><link>https://news.example/</link>"
            for item in 0..<items {
                xml += "<item><guid>n\(item)</guid><title>Acme opens shop number \(item)</title>"
                xml += "<pubDate>Mon, 06 May 2024 \(String(format: "%02d", item % 24)):00:00 GMT</pubDate></item>"
            }
            try Data((xml + "</channel></rss>").utf8).write(to: folder.appendingPathComponent("news.xml"))
            let failing = """
                  - url: http://alice:\(Self.password)@127.0.0.1:9/feed.xml
                    name: Private
                    headers:
                      Authorization: Bearer \(Self.token)

                """
            let yaml = ConfigText.yaml(brands: ["Acme"], feeds: [("news.xml", "News")], moreSources: failing)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func jsonLogsAreOneObjectPerLineWithoutSecrets() throws {
        let setup = try Setup(items: 5)
        let run = try VigieBinary.run(["watch", "--config", setup.config, "--once", "--log-format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Acme: 5 mentions"))
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count >= 2)
        var labels: Set<String> = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let fields = try #require(object, "not a JSON object: \(line)")
            #expect(fields["time"] is String && fields["level"] is String && fields["message"] is String)
            #expect(fields["metadata"] is [String: Any])
            labels.insert(fields["label"] as? String ?? "")
        }
        #expect(labels.contains("vigie.watch"))
        #expect(lines.contains { $0.contains("\"level\":\"warning\"") && $0.contains("[redacted]@127.0.0.1:9") })
        #expect(!run.stderr.contains(Setup.password))
        #expect(!run.stderr.contains(Setup.token))
    }

    @Test func textLogsKeepSecretsOutToo() throws {
        let setup = try Setup(items: 2)
        let run = try VigieBinary.run(["watch", "--config", setup.config, "--once", "--log-level", "trace"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("cycle 1: 2 sources"))
        #expect(run.stderr.contains("[redacted]@127.0.0.1:9"))
        #expect(!run.stderr.contains(Setup.password))
        #expect(!run.stderr.contains(Setup.token))
    }

    @Test func aBackupIsAStoreWithTheSameMentions() throws {
        let setup = try Setup(items: 6)
        #expect(try VigieBinary.run(["watch", "--config", setup.config, "--once"]).status == 0)
        let copy = setup.folder.appendingPathComponent("copy.db").path
        let backup = try VigieBinary.run(["backup", "--config", setup.config, "--to", copy])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backed up 6 mentions to \(copy)"), "\(backup.stdout)")

        // The copy, named as the storage of another configuration, lists the same mentions.
        let restored = setup.folder.appendingPathComponent("restored.yaml")
        try Data("storage: copy.db\nbrands: [Acme]\nsources: [file://news.xml]\n".utf8).write(to: restored)
        let listed = try VigieBinary.run(
            ["mentions", "--config", restored.path, "--since", "36500d", "--format", "jsonl"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.lines.count == 6)
    }

    @Test func aBackupOverTheStoreOrOfNoStoreIsRefused() throws {
        let setup = try Setup(items: 1)
        let none = try VigieBinary.run(["backup", "--config", setup.config, "--to", "elsewhere.db"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no database at"))
        #expect(try VigieBinary.run(["watch", "--config", setup.config, "--once"]).status == 0)
        let itself = setup.folder.appendingPathComponent("vigie.db").path
        let over = try VigieBinary.run(["backup", "--config", setup.config, "--to", itself])
        #expect(over.status == 1)
        #expect(over.stderr.contains("is the database itself"))
    }

    @Test func versionNamesTheBuild() throws {
        let result = try VigieBinary.run(["--version"])
        #expect(result.status == 0)
        // A binary run from the build tree; an installed one names its commit (scripts/install.sh).
        #expect(result.stdout.hasPrefix("0.1.0 (build development, "), "\(result.stdout)")
    }
}
