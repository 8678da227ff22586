import Foundation
import VigieConfig
import VigieCore
import VigieFetch
import VigieOutput
import VigieScore

extension Pipeline.Settings {
    /// The settings `configuration` asks for: its sources and brands, the shipped lexicons (or those in
    /// `lexicons`) with each brand's own words, the `fetch:` policy, the `alerts:` detector, webhooks and
    /// retries. Webhook secrets are read from `environment`.
    /// - Throws: a lexicon that cannot be found or read (``ScoreError``), or a webhook whose `secret_env`
    ///   variable is unset (``AlertDeliveryError``); each says which file or setting.
    public init(
        _ configuration: Configuration, lexicons: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let alerts = configuration.alertSettings
        self.init(
            watch: try WatchSettings(configuration, lexicons: lexicons),
            fetch: FetchPolicy(allowPrivateRedirects: configuration.fetchSettings.allowPrivateRedirects),
            detector: alerts.detector,
            brandTimeZones: configuration.brandTimeZones,
            webhooks: try alerts.webhooks.map {
                try WebhookTarget(
                    name: $0.name, url: $0.url, secretVariable: $0.secretEnvironmentVariable, timeout: $0.timeout,
                    environment: environment)
            },
            retry: alerts.retry,
            retention: configuration.storage.retention.map { Retention.Settings(period: $0) })
    }
}

extension WatchSettings {
    /// The sources and brands of `configuration`, with the shared scorer and one per brand that brings
    /// words of its own (`lexicon:`).
    public init(_ configuration: Configuration, lexicons: String? = nil) throws {
        let directory = try LexiconLocator.locate(explicit: lexicons)
        var brandScorers: [String: SentimentScorer] = [:]
        for brand in configuration.brands where brand.lexicon != nil {
            brandScorers[brand.name] = try SentimentScorer(lexicons: directory, brandLexicon: brand.lexicon)
        }
        self.init(
            sources: configuration.sources, matcher: configuration.matcher,
            scorer: try SentimentScorer(lexicons: directory), brandScorers: brandScorers)
    }
}

extension SentimentScorer {
    /// A scorer with the lexicons of `directory`, then the user's `overrides` files, then a brand's own
    /// words (`lexicon:` in vigie.yaml), which win: what the watcher and `vigie score --brand` score with.
    public init(lexicons directory: URL, overrides: [URL] = [], brandLexicon: LexiconSetting?) throws(ScoreError) {
        switch brandLexicon {
        case nil:
            self = try SentimentScorer(lexicons: directory, overrides: overrides)
        case .file(let url):
            self = try SentimentScorer(lexicons: directory, overrides: overrides + [url])
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
            self = SentimentScorer(french: french, english: english)
        }
    }
}
