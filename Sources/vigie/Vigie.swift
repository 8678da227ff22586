import ArgumentParser

/// The `vigie` command: one subcommand per job, each in its own file.
@main
struct Vigie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Watch what the web says about your brands, in French and English.",
        discussion: """
            Vigie reads RSS/Atom feeds and web pages, finds the entries that mention \
            your brands, scores their sentiment and warns you when a negative wave starts.

            Machine-readable commands (parse, score, backtest) write JSON lines to \
            stdout and diagnostics to stderr.
            """,
        version: BuildInfo.versionLine,
        subcommands: [
            WatchCommand.self, MentionsCommand.self, SourcesCommand.self, ConfigCommand.self, ParseCommand.self,
            AlertsCommand.self, ExportCommand.self, ChartCommand.self, ScoreCommand.self, BacktestCommand.self,
            BackupCommand.self, ServeCommand.self, MigrateCommand.self,
        ]
    )
}
