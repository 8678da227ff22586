import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieOutput
import VigieStore

/// The filters shared by `vigie export timeline`, `vigie export mentions` and `vigie chart`.
struct ExportOptions: ParsableArguments {
    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable { case fr, en }

    @OptionGroup var config: ConfigOptions

    @Option(help: "Only this brand (repeatable), in the order given. Default: every brand of the configuration.")
    var brand: [String] = []

    @Flag(help: "Every brand of the configuration, in file order (the default when no --brand is given).")
    var all = false

    @Option(help: "Bucket width: hour, day or week (weeks start on Monday), aligned in --tz.")
    var bucket: TimelineBucket.Width = .day

    @Option(help: "From then: 24h, 7d, 4w, 90m, or an RFC 3339 time. Default: the first stored mention.")
    var since: TimeBound?

    @Option(help: "Until then, excluded (same forms as --since). Default: now with --since, else the last mention.")
    var until: TimeBound?

    @Option(
        help: """
            The IANA time zone buckets and times are in, e.g. Europe/Paris, America/New_York. Default: the \
            exported brands' timezone: when they all have the same, else UTC.
            """)
    var tz: String?

    @Option(help: "Only entries carried by the source with this URL.")
    var source: String?

    @Option(help: "Only mentions scored in this language (fr or en).")
    var lang: LanguageChoice?

    func validate() throws {
        if all && !brand.isEmpty { throw ValidationError("give either --brand or --all, not both") }
        if let tz, TimeZone(identifier: tz) == nil {
            throw ValidationError("unknown time zone \"\(tz)\"; use an IANA name such as Europe/Paris or UTC")
        }
        if let since, let until, until.date <= since.date {
            throw ValidationError("--until must be after --since")
        }
    }

    /// The zone of the export: `--tz` (checked by `validate`), else the `timezone:` every brand of
    /// `brands` has, else UTC.
    func timeZone(_ configuration: Configuration, brands: [String]) -> TimeZone {
        if let tz { return TimeZone(identifier: tz) ?? .gmt }
        let zones = Set(brands.map { configuration.brandTimeZones[$0]?.identifier })
        guard zones.count == 1, let zone = zones.first ?? nil else { return .gmt }
        return TimeZone(identifier: zone) ?? .gmt
    }

    /// The configuration and the brands to export, or a clear error on stderr for an unknown brand.
    func resolve(command: String) throws -> (Configuration, [String]) {
        let configuration = try config.load()
        let known = configuration.brands.map(\.name)
        for name in brand where !known.contains(name) {
            StandardError.print("vigie \(command): unknown brand \"\(name)\" (known: \(known.joined(separator: ", ")))")
            throw ExitCode.failure
        }
        var seen = Set<String>()
        let brands = brand.isEmpty ? known : brand.filter { seen.insert($0).inserted }
        return (configuration, brands)
    }

    /// The store filter for `brands`.
    func filter(brands: [String]) -> MentionFilter {
        MentionFilter(
            brands: brands, since: since?.date, until: until?.date, source: source,
            language: lang.flatMap { Language(rawValue: $0.rawValue) })
    }
}

extension TimelineBucket.Width: ExpressibleByArgument {}

extension ExportOptions {
    /// The timeline these options describe, read from the configuration's store;
    /// a failure is printed under `command`'s name.
    func timeline(command: String) async throws -> (report: TimelineReport, configuration: Configuration) {
        let (configuration, brands) = try resolve(command: command)
        return try await WatchRuntime.withReadStore(configuration, command: command) { store in
            do {
                let report = try await TimelineReport.load(
                    from: store, filter: filter(brands: brands), brands: brands, width: bucket,
                    timeZone: timeZone(configuration, brands: brands))
                return (report, configuration)
            } catch {
                StandardError.print("vigie \(command): \(error)")
                throw ExitCode.failure
            }
        }
    }
}
