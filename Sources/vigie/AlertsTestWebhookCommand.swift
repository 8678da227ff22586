import ArgumentParser
import Foundation
import Logging
import VigieConfig
import VigieOutput

/// `vigie alerts test-webhook NAME`: one signed test POST, to check a webhook before a crisis does.
struct AlertsTestWebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-webhook",
        abstract: "Send a signed test message to a configured webhook.",
        discussion: """
            POSTs a test payload (marked "test": true, with a readable `text`) to the webhook named \
            NAME under alerts.sinks, signed like real alerts with the secret from its secret_env \
            variable. Nothing is stored and nothing is retried: the answer is printed, and the \
            exit status is 0 only when the receiver accepted (2xx).

            Example:
              VIGIE_SLACK_SECRET=... vigie alerts test-webhook slack --config vigie.yaml
            """
    )

    @OptionGroup var config: ConfigOptions

    @Argument(help: "The webhook's name, as under alerts.sinks.")
    var name: String

    func run() async throws {
        let configuration = try config.load()
        let hooks = configuration.alertSettings.webhooks
        guard let hook = hooks.first(where: { $0.name == name }) else {
            let known = hooks.map(\.name)
            StandardError.print(
                "vigie alerts test-webhook: no webhook named \"\(name)\" in \(config.config)"
                    + (known.isEmpty
                        ? " (it has none under alerts.sinks)" : " (known: \(known.joined(separator: ", ")))"))
            throw ExitCode.failure
        }
        let target: WebhookTarget
        do {
            target = try WebhookTarget(
                name: hook.name, url: hook.url, secretVariable: hook.secretEnvironmentVariable, timeout: hook.timeout)
        } catch {
            StandardError.print("vigie alerts test-webhook: \(error)")
            throw ExitCode.failure
        }
        let client = WebhookClient(
            logger: Logger(label: "vigie.webhook"),
            allowPrivateRedirects: configuration.fetchSettings.allowPrivateRedirects)
        let key = "vigie-test-" + UUID().uuidString.lowercased()
        let now = Date()
        let outcome = await client.send(
            body: AlertPayload.testBody(sink: name, key: key, at: now), to: target.url, idempotencyKey: key,
            secret: target.secret, timeout: target.timeout, now: now)
        try? await client.shutdown()
        switch outcome {
        case .accepted(let status):
            print(
                "\(name): accepted (HTTP \(status))\(target.secret == nil ? ", unsigned (no secret_env)" : ", signed")")
        case .failed(let reason):
            // The origin only: the path, query or user part of a webhook URL often hold its token.
            StandardError.print(
                "vigie alerts test-webhook: webhook \(name) (\(target.origin)/…): \(target.redacted(reason))")
            throw ExitCode.failure
        }
    }
}
