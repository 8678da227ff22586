import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieIngest
import VigieOutput
import VigieStore

/// `vigie mentions`: what the watcher found.
struct MentionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "List the stored brand mentions, newest first.",
        discussion: """
            Reads the store of the configuration, SQLite or PostgreSQL (run `vigie watch` first). A story carried by \
            several sources (copies, or rewrites with their own headline) is one mention: the table \
            shows its first source followed by (+N) for the N others, jsonl its `carriers`.

            Examples:
              vigie mentions --config Samples/vigie.yaml --since 30d
              vigie mentions --brand Cerise --label negative --since 24h
              vigie mentions --format csv --since 7d > mentions.csv
              vigie mentions --format jsonl | jq .title

            The csv format is the one of `vigie export mentions` (docs/EXPORT.md): RFC 4180 (CRLF line \
            ends, UTF-8), columns time (UTC, with its +00:00 offset), brand, source, title, link, language, \
            score, label, matched_terms, text, and a text cell starting with = + - @ (which a spreadsheet \
            would run as a formula) prefixed with '. jsonl gives one object per mention, as stored.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, jsonl, csv }
    enum LabelChoice: String, ExpressibleByArgument, CaseIterable { case negative, neutral, positive }

    @OptionGroup var config: ConfigOptions

    @Option(help: "Only this brand (repeatable).")
    var brand: [String] = []

    @Option(help: "Only mentions since then: 24h, 7d, 90m, or an RFC 3339 time.")
    var since: TimeBound?

    @Option(help: "Only mentions before then (same forms as --since).")
    var until: TimeBound?

    @Option(help: "Only this sentiment label.")
    var label: LabelChoice?

    @Option(help: "Only mentions from the source with this URL.")
    var source: String?

    @Option(help: "At most this many mentions (default: 50 for table, all for jsonl and csv).")
    var limit: Int?

    @Option(help: "table (for reading), jsonl or csv (for tools and spreadsheets).")
    var format: Format = .table

    func run() async throws {
        let configuration = try config.load()
        let known = Set(configuration.brands.map(\.name))
        for name in brand where !known.contains(name) {
            StandardError.print(
                "vigie mentions: unknown brand \"\(name)\" (known: \(known.sorted().joined(separator: ", ")))")
            throw ExitCode.failure
        }
        var filter = MentionFilter()
        filter.brands = brand
        filter.since = since?.date
        filter.until = until?.date
        filter.label = label.flatMap { Sentiment.Label(rawValue: $0.rawValue) }
        filter.source = source
        filter.limit = limit ?? (format == .table ? 50 : nil)
        try await WatchRuntime.withReadStore(configuration, command: "mentions") { store in
            try await list(filter, from: store)
        }
    }

    private func list(_ filter: MentionFilter, from store: any ReadStore) async throws {
        let output = StandardOutput()
        switch format {
        case .table:
            let rows = try await store.mentions(filter)
            var table = TextTable(["time (UTC)", "brand", "label", "score", "source", "title"])
            for row in rows {
                table.add([
                    RFC3339.format(row.time), row.brand, row.label.rawValue, String(format: "%+.2f", row.score),
                    row.carriers > 1 ? "\(row.sourceName) (+\(row.carriers - 1))" : row.sourceName,
                    row.title ?? row.text,
                ])
            }
            output.write(rows.isEmpty ? "no mentions match\n" : table.rendered + "\n")
        case .jsonl:
            for row in try await store.mentions(filter) { output.write(row.jsonLine()) }
        case .csv:
            // The same writer, columns and neutralisation as `vigie export mentions`, times in UTC.
            var writer = MentionCSV(dialect: .standard, timeZone: .gmt)
            output.write(writer.start())
            for row in try await store.mentions(filter) { output.write(writer.line(row)) }
        }
        try output.finish("mentions")
    }
}

extension MentionRow {
    func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.field("time", RFC3339.format(time))
        line.field("brand", brand)
        line.field("label", label.rawValue)
        line.field("score", score)
        line.field("language", language.rawValue)
        line.field("source", sourceURL)
        line.field("source_name", sourceName)
        line.field("carriers", carriers)
        line.field("title", title)
        line.field("link", link)
        line.field("matched_terms", matchedTerms)
        line.field("top_terms", topTerms)
        line.field("text", text)
        line.field("recovered", recovered)
        return line.finish()
    }
}
