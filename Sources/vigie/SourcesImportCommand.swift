import ArgumentParser
import Foundation
import VigieConfig
import VigieFetch

/// `vigie sources import FEEDS.opml`: add an OPML feed list to the configuration.
struct SourcesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the feeds of an OPML file to the configuration's sources.",
        discussion: """
            Reads an OPML 1.0 or 2.0 file (nested folders included) and appends each feed \
            (its xmlUrl) to sources: in the configuration file, with its title as name, its \
            htmlUrl as site and its folders as folder. The rest of the file is kept as it was, \
            comments included. Feeds whose URL is already a source are skipped, and so are \
            feeds that are not http:// or https://, and so are feeds whose host is a loopback, \
            link-local, private-network or unspecified address (169.254.169.254, 10.0.0.1, \
            127.0.0.1...) unless the configuration sets fetch: allow_private_redirects: true: \
            a feed list from elsewhere may not point Vigie inward. The configuration file is \
            created when it does not exist.

            Prints one line per feed (added, skipped or refused) and a summary on stdout. \
            Exits 1 when the OPML cannot be read or the configuration is not valid YAML \
            (the file is then left untouched).
            """
    )

    @Argument(help: ArgumentHelp("The OPML file to import.", valueName: "feeds.opml"))
    var opml: String

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print what would be added without changing the configuration file.")
    var dryRun = false

    func run() throws {
        let feeds: [OPMLFeed]
        do {
            feeds = try OPMLReader.feeds(contentsOf: URL(fileURLWithPath: opml))
        } catch {
            StandardError.print(error.description)
            throw ExitCode.failure
        }
        let url = options.url
        let exists = FileManager.default.fileExists(atPath: url.path)
        var yaml = ""
        if exists {
            guard let data = FileManager.default.contents(atPath: url.path),
                let text = String(data: data, encoding: .utf8)
            else {
                StandardError.print("\(options.config): cannot be read as UTF-8 text; nothing imported")
                throw ExitCode.failure
            }
            yaml = text
        }
        let allowPrivate =
            Configuration.check(yaml: yaml, file: options.config, baseDirectory: url.deletingLastPathComponent()).0?
            .fetchSettings.allowPrivateRedirects ?? false
        let plan: SourceImport
        do {
            plan = try SourceImport(
                feeds: feeds, into: yaml, file: options.config, screen: { Self.screen($0, allowPrivate: allowPrivate) })
        } catch {
            StandardError.print(error.description)
            throw ExitCode.failure
        }
        let verb = dryRun ? "would add" : "added"
        for feed in plan.added {
            var line = "\(verb)  \(feed.url)"
            if let title = feed.title { line += "  \(title)" }
            if let folder = feed.folder { line += "  [\(folder)]" }
            print(line)
        }
        for feed in plan.duplicates { print("skipped  \(feed.url)  (already a source)") }
        for refusal in plan.refused {
            print("refused  \(refusal.feed.url)  (\(refusal.reason), line \(refusal.feed.line) of \(opml))")
        }
        if !dryRun && !plan.added.isEmpty {
            do {
                try Data(plan.text.utf8).write(to: url, options: .atomic)
            } catch {
                StandardError.print(
                    "\(options.config): cannot be written (\(error.localizedDescription)); nothing imported")
                throw ExitCode.failure
            }
        }
        let count = "\(plan.added.count) source\(plan.added.count == 1 ? "" : "s")"
        var summary = "\(options.config): " + (dryRun ? "would add \(count)" : "\(count) added")
        if !exists && !plan.added.isEmpty && !dryRun { summary += " (new file)" }
        summary += ", \(plan.duplicates.count) already there, \(plan.refused.count) refused"
        print(summary)
    }

    /// Why an imported feed may not be a source: its host is an address
    /// literal that reaches this machine or its network (names are not looked
    /// up here; the fetcher checks where redirects lead).
    static func screen(_ feed: OPMLFeed, allowPrivate: Bool) -> String? {
        guard !allowPrivate, let url = URL(string: feed.url), let address = IPAddress(RedirectRule.host(of: url)),
            address.scope != .global
        else { return nil }
        let scope = "\(address.scope)"
        let article = scope.hasPrefix("u") ? "an" : "a"
        return "its host is \(article) \(scope); set fetch: allow_private_redirects: true to import it"
    }
}
