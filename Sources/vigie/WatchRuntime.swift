import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigieConfig
import VigieCore
import VigieFetch
import VigieScore
import VigieStore
import VigieWatch

/// What the commands that work on the store share: logging, the database,
/// the scorers and the watch settings, all built from vigie.yaml.
enum WatchRuntime {
    /// Sends logs to stderr at `level` (once per process).
    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Takes the configuration's one-watcher lock, or says which watcher holds it.
    static func lockStore(_ configuration: Configuration) throws -> WatcherLock {
        let path = configuration.storage.path.path
        do {
            try FileManager.default.createDirectory(
                at: configuration.storage.path.deletingLastPathComponent(), withIntermediateDirectories: true)
            return try WatcherLock.acquire(database: path)
        } catch let error as StoreError where error.code == .alreadyWatched {
            StandardError.print("vigie: \(error.reason)")
            throw ExitCode.failure
        } catch {
            StandardError.print("vigie: cannot start a watcher on \(path): \(error)")
            throw ExitCode.failure
        }
    }

    /// The services of a watcher, stopped by SIGINT or SIGTERM. Graceful shutdown turns into
    /// cancellation after 3 s, so whatever the network does the process ends within seconds.
    static func serviceGroup(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        return ServiceGroup(configuration: configuration)
    }

    /// Opens (creating if needed) the configuration's database.
    static func openDatabase(
        _ configuration: Configuration, durability: VigieDatabase.Durability = .normal
    ) throws -> VigieDatabase {
        let path = configuration.storage.path.path
        let setting = "storage: path in \(configuration.file)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            StandardError.print(
                "vigie: the database \(path) is a folder: give \(setting) a file name, e.g. "
                    + configuration.storage.path.appendingPathComponent("vigie.db").path)
            throw ExitCode.failure
        }
        do {
            try FileManager.default.createDirectory(
                at: configuration.storage.path.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            let folder = configuration.storage.path.deletingLastPathComponent().path
            let reason = FileProblem.errno(of: error).map { FileProblem.writing(folder, errno: $0, option: setting) }
            StandardError.print(
                "vigie: cannot create the folder of the database \(path): "
                    + (reason ?? "give another \(setting) (\(error.localizedDescription))"))
            throw ExitCode.failure
        }
        do {
            return try VigieDatabase(path: path, durability: durability) { pending in
                StandardError.print(
                    "vigie: upgrading the database \(path) (\(pending.joined(separator: ", "))): once, up to a minute for millions of mentions"
                )
            }
        } catch {
            StandardError.print("vigie: cannot open the database \(path): \(error)")
            throw ExitCode.failure
        }
    }

    /// The shared scorer and one per brand that brings words of its own.
    static func scorers(for configuration: Configuration, lexicons: String?) throws -> (
        SentimentScorer, [String: SentimentScorer]
    ) {
        do {
            let directory = try LexiconLocator.locate(explicit: lexicons)
            let shared = try SentimentScorer(lexicons: directory)
            var perBrand: [String: SentimentScorer] = [:]
            for brand in configuration.brands where brand.lexicon != nil {
                perBrand[brand.name] = try scorer(lexicons: directory, brandLexicon: brand.lexicon)
            }
            return (shared, perBrand)
        } catch {
            StandardError.print("vigie: \(error)")
            throw ExitCode.failure
        }
    }

    /// A scorer with the lexicons of `directory`, then the user's `overrides` files, then a
    /// brand's own words (`lexicon:` in vigie.yaml), which win.
    static func scorer(lexicons directory: URL, overrides: [URL] = [], brandLexicon: LexiconSetting?) throws(ScoreError)
        -> SentimentScorer
    {
        switch brandLexicon {
        case nil:
            return try SentimentScorer(lexicons: directory, overrides: overrides)
        case .file(let url):
            return try SentimentScorer(lexicons: directory, overrides: overrides + [url])
        case .inline(let words):
            let lines = words.sorted { $0.key < $1.key }.enumerated().map { index, word in
                LexiconLine(term: word.key, value: word.value, line: index + 1)
            }
            var french = try Lexicon(directory: directory.appendingPathComponent("fr"), language: .french)
            var english = try Lexicon(directory: directory.appendingPathComponent("en"), language: .english)
            for url in overrides {
                try french.add(contentsOf: url)
                try english.add(contentsOf: url)
            }
            french.add(valences: lines)
            english.add(valences: lines)
            return SentimentScorer(french: french, english: english)
        }
    }

    static func settings(for configuration: Configuration, lexicons: String?) throws -> WatchSettings {
        let (scorer, brandScorers) = try scorers(for: configuration, lexicons: lexicons)
        return WatchSettings(
            sources: configuration.sources, matcher: configuration.matcher, scorer: scorer, brandScorers: brandScorers)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension VigieDatabase.Durability: ExpressibleByArgument {}
