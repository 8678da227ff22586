import ArgumentParser

/// `vigie export`: the stored data as CSV for spreadsheets.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the sentiment timeline or the mentions as CSV.",
        discussion: """
            Both exports read the database of the configuration (run `vigie watch` first), \
            take the same filters, stream their rows (constant memory, millions of rows are \
            fine) and tell their progress on stderr when they take more than two seconds.

            The CSV is RFC 4180: comma-separated, fields quoted when they hold a comma, a \
            quote or a line break (quotes doubled), CRLF line ends, UTF-8 without a byte \
            order mark, numbers with a dot and fixed decimals. With --excel: `;` separator, \
            a UTF-8 byte order mark (what Excel in French expects), and text cells starting \
            with = + - @ are prefixed with ' so that a spreadsheet does not run them as formulas.

            Examples:
              vigie export timeline --config vigie.yaml --since 7d --tz Europe/Paris -o week.csv
              vigie export timeline --brand Cerise --bucket hour --since 48h --excel -o cerise.csv
              vigie export mentions --brand Cerise --since 30d --lang fr -o cerise-mentions.csv

            See also `vigie chart` for a picture of the same timeline. docs/EXPORT.md has the details.
            """,
        subcommands: [ExportTimelineCommand.self, ExportMentionsCommand.self]
    )
}
