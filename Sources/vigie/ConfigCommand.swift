import ArgumentParser

/// `vigie config`: work with the configuration file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration file and try its brand queries.",
        discussion: """
            The configuration file (vigie.yaml by default) names the database, the brands \
            to look for and the sources to watch. Its format is described in docs/CONFIG.md, \
            the brand query language in docs/QUERIES.md.
            """,
        subcommands: [ConfigCheckCommand.self, ConfigMatchCommand.self]
    )
}
