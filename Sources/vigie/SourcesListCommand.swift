import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieIngest
import VigieStore

/// `vigie sources list` (the default of `vigie sources`): each source's state.
struct SourcesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each source's state: last fetch, status, next poll, last error.",
        discussion: """
            A source that keeps failing stays listed with its last error and the time \
            of its next try: Vigie never drops a source silently. A source whose last \
            document was ill-formed XML (read by libxml2's recovery) shows "recovered" \
            with the first error's line and message, until a well-formed document comes.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, jsonl }

    @OptionGroup var config: ConfigOptions

    @Option(help: "table or jsonl.")
    var format: Format = .table

    func run() async throws {
        let configuration = try config.load()
        let stored = try await WatchRuntime.withReadStore(configuration, command: "sources list") { store in
            try await store.sources()
        }
        let states = Dictionary(stored.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        let output = StandardOutput()
        var table = TextTable([
            "source", "status", "last fetch (UTC)", "next poll (UTC)", "entries", "mentions", "last error",
        ])
        for source in configuration.sources {
            let state = states[source.url.absoluteString]
            var status: String
            if let state, state.lastFetchAt != nil {
                if state.consecutiveFailures > 0 {
                    status = "failing ×\(state.consecutiveFailures)"
                } else {
                    status = state.lastStatus.map { "ok (\($0))" } ?? "ok"
                }
                if let recovery = state.recovery { status += ", recovered (\(recovery))" }
            } else {
                status = source.enabled ? "never fetched" : "disabled"
            }
            switch format {
            case .table:
                table.add([
                    source.name, status, state?.lastFetchAt.map(RFC3339.format) ?? "-",
                    state?.nextPollAt.map(RFC3339.format) ?? "-", "\(state?.entriesCount ?? 0)",
                    "\(state?.mentionsCount ?? 0)", state?.lastError ?? "",
                ])
            case .jsonl:
                var line = JSONLine()
                line.field("name", source.name)
                line.field("url", source.url.absoluteString)
                line.field("status", status)
                line.field("last_fetch", state?.lastFetchAt.map(RFC3339.format))
                line.field("last_success", state?.lastSuccessAt.map(RFC3339.format))
                line.field("last_http_status", state?.lastStatus.map(Double.init), digits: 0)
                line.field("consecutive_failures", state?.consecutiveFailures ?? 0)
                line.field("next_poll", state?.nextPollAt.map(RFC3339.format))
                line.field("entries", state?.entriesCount ?? 0)
                line.field("mentions", state?.mentionsCount ?? 0)
                line.field("last_error", state?.lastError)
                line.field("recovered_line", state?.recovery?.line.map(Double.init), digits: 0)
                line.field("recovered_error", state?.recovery?.message)
                output.write(line.finish())
            }
        }
        if format == .table { output.write(table.rendered + "\n") }
        try output.finish("sources list")
    }
}
