import Foundation
import VigieCore
import VigieDetect

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

    /// The sinks, in file order.
    public var sinks: [Sink]
    /// How failed deliveries are retried.
    public var retry: RetryPolicy
    /// What the crisis detector takes: the defaults, with the file's `bucket:`, `timezone:` and
    /// `detector:` values applied, each checked against its range while reading.
    public var detector: DetectorSettings

    /// Alert settings (defaults: no sink, default retries, default detector).
    public init(sinks: [Sink] = [], retry: RetryPolicy = RetryPolicy(), detector: DetectorSettings = DetectorSettings())
    {
        self.sinks = sinks
        self.retry = retry
        self.detector = detector
    }

    /// The webhook sinks, in file order.
    public var webhooks: [Webhook] {
        sinks.compactMap { if case .webhook(let hook) = $0 { hook } else { nil } }
    }

    /// Whether alerts are printed on standard output: a `stdout` sink, or no sink at all.
    public var printsToStandardOutput: Bool {
        sinks.isEmpty || sinks.contains(.stdout)
    }
}
