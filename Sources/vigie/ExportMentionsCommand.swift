import ArgumentParser
import Foundation
import VigieOutput
import VigieStore

/// `vigie export mentions`: one CSV row per mention, streamed.
struct ExportMentionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "Export the mentions as CSV: one row per mention, oldest first.",
        discussion: """
            Columns: time (ISO 8601 in --tz with its UTC offset), brand, source (the URL of \
            the first source that carried the entry), title, link, language, score (4 \
            decimals, -1 to 1), label, matched_terms (joined with "; "), text.

            Rows are read through a cursor on one snapshot of the database and written as \
            they come: memory stays constant whatever the number of mentions, and `vigie \
            watch` keeps writing meanwhile. Progress goes to stderr after two seconds.

            A text cell starting with = + - @, a tab or a carriage return (which a spreadsheet \
            would run as a formula: CSV injection) is prefixed with '; the score stays a number. \
            `vigie mentions --format csv` writes the same columns, newest first.

            Examples:
              vigie export mentions --config vigie.yaml --since 30d -o mentions.csv
              vigie export mentions --brand Cerise --lang fr --since 7d --excel -o cerise.csv
            """
    )

    @OptionGroup var filters: ExportOptions

    @OptionGroup var file: CSVFileOptions

    func run() throws {
        let (configuration, brands) = try filters.resolve(command: "export mentions")
        let database = try WatchRuntime.openDatabase(configuration)
        defer { try? database.close() }
        let destination = try ExportDestination(path: file.output, command: "export mentions")
        var writer = MentionCSV(dialect: file.dialect, timeZone: filters.timeZone)
        var progress = ExportProgress("mentions") { StandardError.print("vigie export mentions: \($0)") }
        destination.write(writer.start())
        do {
            try database.forEachMentionInTimeOrder(filters.filter(brands: brands)) { row in
                destination.write(writer.line(row))
                progress.advance()
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
