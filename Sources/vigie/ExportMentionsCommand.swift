import ArgumentParser
import Foundation
import VigieConfig
import VigieOutput
import VigieStore

/// `vigie export mentions`: one row per mention, streamed, as CSV or an .xlsx workbook.
struct ExportMentionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "Export the mentions as CSV or .xlsx: one row per mention, oldest first.",
        discussion: """
            Columns: time (ISO 8601 in --tz with its UTC offset; with --excel and in xlsx the local \
            date-time followed by utc_offset), brand, source (the URL of \
            the first source that carried the entry), title, link, language, score (4 \
            decimals, -1 to 1), label, matched_terms (joined with "; "), text.

            Rows are read through a cursor on one snapshot of the database and written as \
            they come: memory stays constant whatever the number of mentions, and `vigie \
            watch` keeps writing meanwhile. Progress goes to stderr after two seconds.

            In every CSV, a text cell starting with = + - @, a tab or a carriage return (which a \
            spreadsheet would run as a formula: CSV injection) is prefixed with '; the score stays a \
            number. `vigie mentions --format csv` writes the same columns, newest first. In xlsx, texts \
            are text cells (never formulas), source and link are hyperlinks, score a number; a sheet \
            holds at most 1,048,575 mentions.

            Examples:
              vigie export mentions --config vigie.yaml --since 30d -o mentions.csv
              vigie export mentions --brand Cerise --lang fr --since 7d --excel -o cerise.csv
              vigie export mentions --since 7d --format xlsx -o week.xlsx
            """
    )

    @OptionGroup var filters: ExportOptions

    @OptionGroup var file: ExportFileOptions

    func run() async throws {
        let (configuration, brands) = try filters.resolve(command: "export mentions")
        try await WatchRuntime.withReadStore(configuration, command: "export mentions") { store in
            try await export(configuration, brands: brands, from: store)
        }
    }

    private func export(_ configuration: Configuration, brands: [String], from store: any ReadStore) async throws {
        let destination = try ExportDestination(path: file.output, command: "export mentions")
        let timeZone = filters.timeZone(configuration, brands: brands)
        var progress = ExportProgress("mentions") { StandardError.print("vigie export mentions: \($0)") }
        do {
            switch file.format {
            case .csv:
                let settings = configuration.brands.filter { brands.contains($0.name) }
                var writer = MentionCSV(dialect: file.dialect(brands: settings), timeZone: timeZone)
                destination.write(writer.start())
                try await store.forEachMentionInTimeOrder(filters.filter(brands: brands)) { row in
                    destination.write(writer.line(row))
                    progress.advance()
                }
            case .xlsx:
                let workbook = try MentionWorkbook(path: destination.temporaryFile ?? "", timeZone: timeZone)
                try await store.forEachMentionInTimeOrder(filters.filter(brands: brands)) { row in
                    try workbook.add(row)
                    progress.advance()
                }
                try workbook.close()
            }
        } catch {
            destination.abandon()
            StandardError.print("vigie export mentions: \(error)")
            throw ExitCode.failure
        }
        try destination.commit(command: "export mentions")
        progress.finish()
        if let output = file.output {
            StandardError.print("vigie export mentions: \(progress.count) mentions written to \(output)")
        }
    }
}
