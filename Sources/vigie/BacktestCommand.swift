import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieDetect
import VigieStore
import VigieWatch

/// `vigie backtest`: replays a mention history through the crisis detector and prints the alerts.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay a mention history through the crisis detector.",
        discussion: """
            Reads a CSV of scored mentions, replays it through the same detector \
            `vigie watch` runs live, with the default settings, and prints one JSON line per alert: \
            `negative_spike` when a negative wave starts, `escalation` when it turns critical, \
            `resolved` when it subsides. The mentions are replayed one by one, as a live watcher would \
            have received them: `raised_at` is when it would have raised the alert, the end of the hour \
            that made the decision, or, when the evidence was already overwhelming before the hour was \
            out, the time of the mention that made it so (`bucket_start` is then the start of that hour).

            The CSV needs a header with at least the columns `time` (RFC 3339, e.g. \
            2024-05-01T08:00:00Z), `brand` and `score` (the compound sentiment score in [-1, 1]); other \
            columns are ignored and rows may come in any order. A mention is negative when its score is \
            -0.05 or less. The first unreadable row stops the command with its file and line.

            The detector and its settings are described in docs/DETECTION.md.

            With --config instead of --mentions, replays the mentions stored by `vigie watch` \
            in that configuration's store, SQLite or PostgreSQL (those since --since, 30 days by default), with the \
            detector settings of its alerts: section.

            --set NAME=VALUE changes one detector setting for this replay (repeatable; the names \
            of `alerts: detector:` in vigie.yaml, listed in docs/DETECTION.md): rehearse a setting on \
            a history before putting it in the configuration.

            Examples:
              vigie backtest --mentions history.csv > alerts.jsonl
              vigie backtest --config vigie.yaml --since 30d
              vigie backtest --mentions history.csv --set false_alarm_probability=1e-4
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @Option(
        name: .long, help: ArgumentHelp("The mention history to replay (CSV: time,brand,score).", valueName: "file.csv")
    )
    var mentions: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Replay the mentions stored in this configuration's database instead.", valueName: "file"))
    var config: String?

    @Option(help: "With --config: replay the mentions since then: 30d, 12w, 48h or an RFC 3339 time (default: 30d).")
    var since: TimeBound?

    func validate() throws {
        if (mentions == nil) == (config == nil) {
            throw ValidationError("give either --mentions FILE.csv or --config FILE")
        }
        if since != nil && config == nil {
            throw ValidationError("--since goes with --config (a CSV is replayed whole)")
        }
    }

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Change one detector setting for this replay (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

    @Option(name: .long, help: "Output format: one JSON object per line.")
    var format: Format = .jsonl

    func run() async throws {
        var settings = DetectorSettings()
        var timeZones: [String: TimeZone] = [:]
        var history: MentionHistory
        if let config {
            let configuration = try ConfigOptions.parse(["--config", config]).load()
            settings = configuration.alertSettings.detector
            try applyOverrides(to: &settings)
            timeZones = configuration.brandTimeZones
            let start = (since ?? TimeBound("30d", now: Date())!).date
            let replay = try await WatchRuntime.withReadStore(configuration, command: "backtest") { store in
                try await StoredHistoryReplay.run(store, settings: settings, timeZones: timeZones, since: start)
            }
            try printAlerts(replay.alerts, history: replay.history)
            return
        } else {
            try applyOverrides(to: &settings)
            do {
                history = try MentionCSVReader(settings: settings).read(path: mentions ?? "")
            } catch let error as DetectError {
                StandardError.print("vigie backtest: error: \(error)")
                throw ExitCode(2)
            }
        }
        try printAlerts(Backtest(settings: settings, timeZones: timeZones).run(history), history: history)
    }

    private func printAlerts(_ alerts: [Alert], history: MentionHistory) throws {
        let output = StandardOutput()
        for alert in alerts { output.write(alert.jsonLine + "\n") }
        try output.finish("backtest")
        StandardError.print(
            "vigie backtest: \(history.count) mentions, \(history.timelines.count) brands, \(alerts.count) alerts")
    }

    /// Applies each `--set name=value`, checked against the setting's range as vigie.yaml is.
    private func applyOverrides(to settings: inout DetectorSettings) throws {
        for text in overrides {
            let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmedOfWhitespace }
            guard parts.count == 2, DetectorSetting.named[parts[0]] != nil else {
                let names = DetectorSetting.all.map(\.name).joined(separator: ", ")
                throw ValidationError("--set \(text): expected NAME=VALUE with NAME one of \(names)")
            }
            guard let value = Double(parts[1]) else {
                throw ValidationError("--set \(text): the value must be a number")
            }
            if let problem = settings.set(parts[0], to: value) {
                throw ValidationError("--set \(text): \(problem)")
            }
        }
        do {
            try settings.validate()
        } catch {
            throw ValidationError("--set: \(error)")
        }
    }
}
