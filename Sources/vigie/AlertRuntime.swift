import ArgumentParser
import Foundation
import VigieConfig
import VigieDetect
import VigieOutput

/// What `vigie watch`, `vigie alerts` and `vigie backtest --config` share: the detector settings and
/// webhooks the `alerts:` section asks for.
enum AlertRuntime {
    /// The default detector settings with the configuration's overrides.
    static func detectorSettings(_ alerts: AlertSettings, file: String) throws -> DetectorSettings {
        var settings = DetectorSettings()
        if let bucket = alerts.bucket { settings.bucketSeconds = bucket.components.seconds }
        if let zone = alerts.timeZone.flatMap(TimeZone.init(identifier:)) { settings.timeZone = zone }
        for (name, value) in alerts.detector.sorted(by: { $0.key < $1.key }) {
            let whole = Int(exactly: value.rounded()) ?? 0
            switch name {
            case "negative_threshold": settings.negativeThreshold = value
            case "false_alarm_probability": settings.falseAlarmProbability = value
            case "confirming_probability": settings.confirmingProbability = value
            case "count_false_alarm_probability": settings.countFalseAlarmProbability = value
            case "count_test_minimum_mentions": settings.countTestMinimumMentions = whole
            case "early_false_alarm_probability": settings.earlyFalseAlarmProbability = value
            case "minimum_negatives": settings.minimumNegatives = whole
            case "minimum_excess_negatives": settings.minimumExcessNegatives = value
            case "minimum_baseline_ratio": settings.minimumBaselineRatio = value
            case "share_history_buckets": settings.shareHistoryBuckets = whole
            case "warmup_buckets": settings.warmupBuckets = whole
            case "warmup_minimum_mentions": settings.warmupMinimumMentions = whole
            case "missing_data_expected_mentions": settings.missingDataExpectedMentions = value
            case "surge_cap": settings.surgeCap = value
            case "resolve_after_quiet_buckets": settings.resolveAfterQuietBuckets = whole
            case "cooldown_buckets": settings.cooldownBuckets = whole
            case "maximum_incident_buckets": settings.maximumIncidentBuckets = whole
            case "critical_baseline_ratio": settings.criticalBaselineRatio = value
            case "critical_minimum_excess": settings.criticalMinimumExcess = value
            case "evidence_mentions": settings.evidenceMentions = whole
            default: break
            }
        }
        do {
            try settings.validate()
        } catch {
            StandardError.print("\(file): alerts.detector: \(error)")
            throw ExitCode.failure
        }
        return settings
    }

    /// The brands whose `timezone:` sets the days and weeks of their detector.
    static func brandTimeZones(_ configuration: Configuration) -> [String: TimeZone] {
        Dictionary(
            configuration.brands.compactMap { brand in
                brand.timeZone.flatMap(TimeZone.init(identifier:)).map { (brand.name, $0) }
            }, uniquingKeysWith: { first, _ in first })
    }

    /// The configured webhooks with their secrets read from the environment.
    static func targets(_ alerts: AlertSettings) throws -> [WebhookTarget] {
        do {
            return try alerts.webhooks.map {
                try WebhookTarget(
                    name: $0.name, url: $0.url, secretVariable: $0.secretEnvironmentVariable, timeout: $0.timeout)
            }
        } catch {
            StandardError.print("vigie: \(error)")
            throw ExitCode.failure
        }
    }

    static func retryPolicy(_ alerts: AlertSettings) -> RetryPolicy {
        RetryPolicy(
            attempts: alerts.retry.attempts, firstDelay: alerts.retry.firstDelay,
            maximumDelay: alerts.retry.maximumDelay)
    }
}
