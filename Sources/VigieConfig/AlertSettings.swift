import Foundation

/// The `alerts:` section of `vigie.yaml`, read and checked: where alerts go, how
/// hard the outbox retries, and the detector settings the user changed.
///
/// ```yaml
/// alerts:
///   detector: { warmup_buckets: 168, minimum_negatives: 5 }
///   delivery: { attempts: 8, first_retry: 30s, max_retry: 1h }
///   sinks:
///     - type: stdout
///     - type: webhook
///       name: slack
///       url: https://hooks.example.com/T000/B000
///       secret_env: VIGIE_SLACK_SECRET
///       timeout: 10s
/// ```
public struct AlertSettings: Sendable, Hashable {
    /// A place alerts are sent to.
    public enum Sink: Sendable, Hashable {
        /// One line per alert on the watcher's standard output.
        case stdout
        /// A signed JSON POST, delivered through the durable outbox.
        case webhook(Webhook)
    }

    /// A webhook sink.
    public struct Webhook: Sendable, Hashable {
        /// Its name: the outbox row's `sink`, and what `vigie alerts test-webhook` takes.
        public var name: String
        /// Where the JSON is POSTed (http or https).
        public var url: URL
        /// The environment variable holding the HMAC secret; `nil`: requests are not signed.
        public var secretEnvironmentVariable: String?
        /// How long one attempt may take, connection included.
        public var timeout: Duration

        /// A webhook sink.
        public init(name: String, url: URL, secretEnvironmentVariable: String?, timeout: Duration = .seconds(10)) {
            self.name = name
            self.url = url
            self.secretEnvironmentVariable = secretEnvironmentVariable
            self.timeout = timeout
        }
    }

    /// How the outbox retries a delivery that failed.
    public struct Retry: Sendable, Hashable {
        /// Attempts in all, the first included; after the last the delivery is kept as `failed`.
        public var attempts: Int
        /// Delay before the second attempt; each later one doubles it (with jitter).
        public var firstDelay: Duration
        /// The longest delay between two attempts.
        public var maximumDelay: Duration

        /// Retry settings (defaults: 8 attempts, 30 s then doubling, at most 1 h apart).
        public init(attempts: Int = 8, firstDelay: Duration = .seconds(30), maximumDelay: Duration = .seconds(3600)) {
            self.attempts = attempts
            self.firstDelay = firstDelay
            self.maximumDelay = maximumDelay
        }
    }

    /// The sinks, in file order.
    public var sinks: [Sink]
    /// How failed deliveries are retried.
    public var retry: Retry
    /// Detector settings changed from their defaults, by their name in the file
    /// (`warmup_buckets`, `minimum_negatives`, …), with the value written.
    public var detector: [String: Double]
    /// The bucket length, when `bucket:` is given.
    public var bucket: Duration?
    /// The IANA time zone whose days and weeks the detector learns (`timezone:`), checked when read.
    public var timeZone: String?

    /// Alert settings (defaults: no sink, default retries, default detector).
    public init(sinks: [Sink] = [], retry: Retry = Retry(), detector: [String: Double] = [:], bucket: Duration? = nil) {
        self.sinks = sinks
        self.retry = retry
        self.detector = detector
        self.bucket = bucket
    }

    /// The webhook sinks, in file order.
    public var webhooks: [Webhook] {
        sinks.compactMap { if case .webhook(let hook) = $0 { hook } else { nil } }
    }

    /// Whether alerts are printed on standard output: a `stdout` sink, or no sink at all.
    public var printsToStandardOutput: Bool {
        sinks.isEmpty || sinks.contains(.stdout)
    }

    /// The detector settings that may be changed under `alerts.detector`, by their name in the file.
    public static let detectorKeys = [
        "negative_threshold", "false_alarm_probability", "confirming_probability", "count_false_alarm_probability",
        "count_test_minimum_mentions", "early_false_alarm_probability", "minimum_negatives",
        "minimum_excess_negatives", "minimum_baseline_ratio", "share_history_buckets", "warmup_buckets",
        "warmup_minimum_mentions", "missing_data_expected_mentions", "surge_cap", "resolve_after_quiet_buckets",
        "cooldown_buckets", "maximum_incident_buckets", "critical_baseline_ratio", "critical_minimum_excess",
        "evidence_mentions",
    ]
}
