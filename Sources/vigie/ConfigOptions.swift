import ArgumentParser
import Foundation
import Logging
import VigieConfig

/// The `--config FILE` option shared by every command that reads `vigie.yaml`.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The configuration file (relative paths inside it are resolved against its folder).",
            valueName: "file"))
    var config: String = "vigie.yaml"

    /// The configuration file's URL.
    var url: URL { URL(fileURLWithPath: config) }

    /// Loads the configuration, or prints every problem to stderr and exits
    /// with status 1. Warnings are printed too, and do not stop the command.
    func load(purpose: ConfigurationPurpose = .reading) throws -> Configuration {
        let (configuration, problems) = Configuration.check(contentsOf: url, purpose: purpose)
        for problem in problems {
            StandardError.print(problem.description, level: problem.severity == .error ? .error : .warning)
        }
        guard let configuration else {
            let count = problems.filter { $0.severity == .error }.count
            StandardError.print(
                "\(config): \(count) error\(count == 1 ? "" : "s"); run `vigie config check --config \(config)` after fixing them"
            )
            throw ExitCode.failure
        }
        return configuration
    }

    /// Loads the configuration for `vigie watch`: as ``load(purpose:)``, and it must also name brands and
    /// sources, and every webhook's secret must be set in the environment. Checked before anything is
    /// created (database, folders).
    func loadForWatching() throws -> Configuration {
        try load(purpose: .watching(environment: ProcessInfo.processInfo.environment))
    }
}
