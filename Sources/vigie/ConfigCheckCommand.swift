import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieMatch

/// `vigie config check`: validate vigie.yaml and report every problem.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration file and report every problem.",
        discussion: """
            Reads the whole file and reports every problem, not just the first, one per line \
            on stderr, located by line and column and by its path in the document:

              vigie.yaml:7:15: error: sources[0].interval: interval 5s is too short

            It reports unknown keys, URLs that are not https://, http:// or file://, poll \
            intervals that are not durations (30s, 15m, 1h, 1h30m) or are shorter than 30s, \
            brand filters naming unknown brands, duplicate brand names and query syntax errors. \
            It checks what `vigie watch` needs: a file with no brands or no sources is an error, \
            and so is a webhook whose secret_env variable is not set in the environment. Warnings \
            (a local file that does not exist yet, a source listed twice) do not make the check fail.

            On success it prints a one-line summary on stdout (with --verbose, every brand's \
            effective query and every source's settings) and exits 0; otherwise it exits 1.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .shortAndLong, help: "Also print every brand's effective query and every source's settings.")
    var verbose = false

    func run() throws {
        let (configuration, problems) = Configuration.check(
            contentsOf: options.url, purpose: .watching(environment: ProcessInfo.processInfo.environment))
        for problem in problems { StandardError.print(problem.description) }
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        guard let configuration else {
            StandardError.print("\(options.config): \(count(errors, "error")), \(count(warnings, "warning"))")
            throw ExitCode.failure
        }
        var summary = "\(options.config): OK, \(count(configuration.brands.count, "brand")), "
        summary +=
            "\(count(configuration.sources.count, "source")), database \(configuration.storage.postgres.map(\.description) ?? configuration.storage.path.path)"
        if warnings > 0 { summary += " (\(count(warnings, "warning")))" }
        print(summary)
        guard verbose else { return }
        for settings in configuration.brands {
            let brand = settings.brand
            var line = "brand \(brand.name): \(brand.effectiveQuery)"
            if !brand.maskingExclusions.isEmpty {
                line += "  [ignoring: \(brand.maskingExclusions.map(\.description).joined(separator: ", "))]"
            }
            if !brand.languages.isEmpty {
                line += "  [languages: \(brand.languages.map(\.rawValue).sorted().joined(separator: ", "))]"
            }
            print(line)
        }
        for source in configuration.sources {
            var line = "source \(source.name): \(source.url.isFileURL ? source.url.path : source.url.absoluteString)"
            line += "  [\(source.kind.rawValue), every \(DurationText.format(source.interval))"
            if let brands = source.brands { line += ", brands: \(brands.joined(separator: ", "))" }
            if !source.enabled { line += ", disabled" }
            print(line + "]")
        }
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
