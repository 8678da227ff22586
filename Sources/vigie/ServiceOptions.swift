import ArgumentParser

/// The options of the commands that run the pipeline for a long time (`vigie watch`, `vigie serve`): how they
/// log, and which lexicons they score with.
struct ServiceOptions: ParsableArguments {
    @Option(help: "Least important log level written to stderr: trace, debug, info, notice, warning, error.")
    var logLevel: LogLevel = .info

    @Option(help: "How log lines are written on stderr: text, or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    @Option(
        help: ArgumentHelp("A lexicon folder holding fr/ and en/ (default: the shipped lexicons).", valueName: "dir"))
    var lexicons: String?

    /// Log lines on stderr, at `--log-level` and in `--log-format`, from here on.
    func bootstrapLogging() {
        WatchRuntime.bootstrapLogging(level: logLevel.level, format: logFormat)
    }
}
