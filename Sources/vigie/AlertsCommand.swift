import ArgumentParser

/// `vigie alerts`: the alerts raised and where their deliveries stand.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts raised and their deliveries; test a webhook.",
        discussion: """
            `vigie alerts` (or `vigie alerts list`) shows the alerts `vigie watch` raised, newest \
            first, with where each webhook delivery stands: delivered, pending (with its attempts \
            so far and last error) or failed (after the last retry; kept, never dropped). \
            `vigie alerts test-webhook NAME` sends a signed test message to one configured webhook.
            """,
        subcommands: [AlertsListCommand.self, AlertsTestWebhookCommand.self],
        defaultSubcommand: AlertsListCommand.self
    )
}
