import ArgumentParser

/// `vigie sources`: the sources of the configuration.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Manage the sources to watch.",
        discussion: """
            Sources are listed under sources: in the configuration file (see docs/CONFIG.md). \
            `vigie sources` (or `vigie sources list`) shows each one's state as the watcher \
            left it; `vigie sources import` adds the feeds of an OPML file, the format feed \
            readers export their subscriptions in.
            """,
        subcommands: [SourcesListCommand.self, SourcesImportCommand.self],
        defaultSubcommand: SourcesListCommand.self
    )
}
