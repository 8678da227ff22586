import Foundation
import VigieCore
import VigieMatch

/// Everything `vigie.yaml` says, as typed values.
///
/// This is the only place Vigie reads YAML; the stages take these values.
/// Reading collects every problem rather than stopping at the first, each
/// with its path in the document and its line and column in the file
/// (see `docs/CONFIG.md` for the format).
///
/// ```swift
/// let configuration = try Configuration.load(contentsOf: URL(fileURLWithPath: "vigie.yaml"))
/// let matcher = configuration.matcher
/// ```
public struct Configuration: Sendable {
    /// The file, as it was named to the reader (for messages).
    public var file: String
    /// Where the database is.
    public var storage: StorageSettings
    /// The brands, in file order, names unique.
    public var brands: [BrandSettings]
    /// The sources, in file order (disabled ones included, with `enabled == false`).
    public var sources: [SourceSettings]
    /// The `alerts:` section, kept as data for the alerting stage.
    public var alerts: ConfigValue?
    /// The `alerts:` section, read and checked (sinks, retries, detector overrides).
    public var alertSettings = AlertSettings()
    /// The `fetch:` section: how Vigie may reach the network.
    public var fetchSettings = FetchSettings()
    /// The `serve:` section: how `vigie serve` listens and who may use it.
    public var serveSettings = ServeSettings()
    /// The `export:` section, kept as data for the export stage.
    public var export: ConfigValue?
    /// Problems that do not prevent using the configuration.
    public var warnings: [ConfigurationProblem]

    /// A configuration built in code (tests, tools); files go through ``load(contentsOf:)``.
    public init(
        file: String, storage: StorageSettings, brands: [BrandSettings] = [], sources: [SourceSettings] = [],
        alerts: ConfigValue? = nil, export: ConfigValue? = nil, warnings: [ConfigurationProblem] = []
    ) {
        self.file = file
        self.storage = storage
        self.brands = brands
        self.sources = sources
        self.alerts = alerts
        self.export = export
        self.warnings = warnings
    }

    /// A matcher for every configured brand, in file order.
    public var matcher: Matcher { Matcher(brands: brands.map(\.brand)) }

    /// The brands whose `timezone:` sets the days and weeks of their detector, by brand name.
    public var brandTimeZones: [String: TimeZone] {
        Dictionary(
            brands.compactMap { brand in brand.timeZone.flatMap(TimeZone.init(identifier:)).map { (brand.name, $0) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// Reads and validates a configuration file.
    ///
    /// Relative paths in the file (`file://` sources, the database, lexicons)
    /// are resolved against the file's folder.
    ///
    /// - Throws: ``ConfigurationError`` with every problem when any is an error
    ///   (an unreadable file is one such problem).
    public static func load(
        contentsOf url: URL, purpose: ConfigurationPurpose = .reading
    ) throws(ConfigurationError) -> Configuration {
        let (configuration, problems) = check(contentsOf: url, purpose: purpose)
        guard let configuration else { throw ConfigurationError(file: url.relativePath, problems: problems) }
        return configuration
    }

    /// Reads and validates configuration text.
    ///
    /// - Parameters:
    ///   - yaml: the file's content.
    ///   - file: the file's name for messages.
    ///   - baseDirectory: the folder relative paths are resolved against.
    /// - Throws: ``ConfigurationError`` when any problem is an error.
    public init(yaml: String, file: String = "vigie.yaml", baseDirectory: URL) throws(ConfigurationError) {
        let (configuration, problems) = Self.check(yaml: yaml, file: file, baseDirectory: baseDirectory)
        guard let configuration else { throw ConfigurationError(file: file, problems: problems) }
        self = configuration
    }

    /// Reads a configuration file and reports every problem, errors and warnings.
    ///
    /// - Parameter purpose: what the configuration is for (``ConfigurationPurpose/watching(environment:)``
    ///   also requires brands, sources and the webhooks' secrets).
    /// - Returns: the configuration when no problem is an error, and all problems in file order.
    public static func check(
        contentsOf url: URL, purpose: ConfigurationPurpose = .reading
    ) -> (Configuration?, [ConfigurationProblem]) {
        let name = url.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return (nil, [ConfigurationProblem(file: name, path: "", message: unreadableFileMessage(url))])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            return (nil, [ConfigurationProblem(file: name, path: "", message: "the file is not UTF-8 text")])
        }
        return check(yaml: yaml, file: name, baseDirectory: url.deletingLastPathComponent(), purpose: purpose)
    }

    /// Why the configuration file at `url` could not be read, and what to do, in a sentence.
    static func unreadableFileMessage(_ url: URL) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return "the configuration file does not exist (give another with --config FILE)"
        }
        if isDirectory.boolValue {
            return "this is a folder, not a configuration file: give the file itself, e.g. --config "
                + url.appendingPathComponent("vigie.yaml").relativePath
        }
        if !FileManager.default.isReadableFile(atPath: url.path) {
            return "the configuration file cannot be read: permission denied (check its permissions and owner)"
        }
        return "the configuration file cannot be read (is it a regular file?)"
    }

    /// Reads configuration text and reports every problem, errors and warnings.
    public static func check(
        yaml: String, file: String = "vigie.yaml", baseDirectory: URL, purpose: ConfigurationPurpose = .reading
    ) -> (Configuration?, [ConfigurationProblem]) {
        var reader = ConfigurationReader(yaml: yaml, file: file, baseDirectory: baseDirectory, purpose: purpose)
        let configuration = reader.read()
        let problems = reader.problems.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        guard !problems.contains(where: { $0.severity == .error }), var configuration else {
            return (nil, problems)
        }
        configuration.warnings = problems
        return (configuration, problems)
    }
}
