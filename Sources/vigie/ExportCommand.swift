import ArgumentParser

/// `vigie export`: the stored data as CSV or .xlsx for spreadsheets and tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the sentiment timeline or the mentions as CSV or an .xlsx workbook.",
        discussion: """
            Both exports read the store of the configuration, SQLite or PostgreSQL (run `vigie watch` first), \
            take the same filters, stream their rows (constant memory, millions of rows are \
            fine) and tell their progress on stderr when they take more than two seconds.

            Three forms, one writer:
              (default)        RFC 4180 for tools: `,` separator, decimal point, UTF-8 without BOM,
                               CRLF, ISO 8601 times with their offset.
              --excel          for a person in a spreadsheet: UTF-8 with BOM, times as local
                               YYYY-MM-DD HH:MM:SS (read as dates) plus a utc_offset column;
                               --locale fr: `;` and decimal commas (French Excel and Calc),
                               --locale en: `,` and decimal points.
              --format xlsx    a workbook: numbers, dates, hyperlinks, frozen header, autofilter;
                               the timeline opens on one line chart per brand.

            In every CSV a field is quoted whenever it holds `,` `;` a tab, a quote or a line break \
            (so no column spills, whatever separator the import dialog guesses), and a text cell \
            starting with = + - @, a tab or a carriage return is prefixed with ' so that a \
            spreadsheet shows it instead of running it as a formula.

            Examples:
              vigie export timeline --config vigie.yaml --since 7d --tz Europe/Paris -o week.csv
              vigie export timeline --brand Cerise --bucket hour --since 48h --excel --locale fr -o cerise.csv
              vigie export timeline --since 30d --tz Europe/Paris --format xlsx -o month.xlsx
              vigie export mentions --brand Cerise --since 30d --lang fr -o cerise-mentions.csv

            See also `vigie chart` for an SVG picture of the same timeline. docs/EXPORT.md has the details.
            """,
        subcommands: [ExportTimelineCommand.self, ExportMentionsCommand.self]
    )
}
