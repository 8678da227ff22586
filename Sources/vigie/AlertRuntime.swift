import ArgumentParser
import Foundation
import VigieConfig
import VigieDetect
import VigieOutput

/// What `vigie watch`, `vigie alerts` and `vigie backtest --config` share: the detector settings and
/// webhooks the `alerts:` section asks for.
enum AlertRuntime {
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
