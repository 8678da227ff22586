import ArgumentParser
import Foundation
import VigieConfig
import VigieOutput
import VigieStore

/// `vigie export timeline`: one row per brand and bucket, as CSV or an .xlsx workbook with its charts.
struct ExportTimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Export the sentiment timeline as CSV or .xlsx: one row per brand and bucket.",
        discussion: """
            Columns: bucket_start (ISO 8601 local time with its UTC offset; with --excel and in xlsx the \
            local date-time, which a spreadsheet reads as a date, followed by utc_offset), brand, mentions, \
            positive, neutral, negative, mean_score (4 decimals), negative_share (4 decimals), alert (the \
            highest severity of the alerts raised for the brand in that bucket: critical, warning, or empty).

            Buckets are aligned in --tz: a day runs from local midnight to local midnight, so \
            the days the clocks change last 23 or 25 hours; weeks start on Monday. Every bucket \
            of the period is present, empty ones with zero mentions and empty mean_score and \
            negative_share (a mean of nothing is not 0). Rows are ordered by brand (in the \
            order of --brand, else of the configuration), then by time.

            The period runs from --since (else the first stored mention) to --until (else now \
            when --since is given, else the last stored mention).

            --format xlsx writes a workbook that opens on a sheet of line charts (negative, neutral \
            and positive mentions per bucket, one chart per brand), the figures on a second sheet.

            Examples:
              vigie export timeline --config vigie.yaml --since 7d --tz Europe/Paris -o week.csv
              vigie export timeline --brand Cerise --bucket hour --since 48h --excel --locale fr -o cerise.csv
              vigie export timeline --since 30d --tz Europe/Paris --format xlsx -o month.xlsx
            """
    )

    @OptionGroup var filters: ExportOptions

    @OptionGroup var file: ExportFileOptions

    func run() async throws {
        let (report, configuration) = try await filters.timeline(command: "export timeline")
        let destination = try ExportDestination(path: file.output, command: "export timeline")
        switch file.format {
        case .csv:
            let brands = configuration.brands.filter { report.brands.contains($0.name) }
            TimelineCSV(dialect: file.dialect(brands: brands)).write(report) { destination.write($0) }
        case .xlsx:
            do {
                try TimelineWorkbook().write(report, to: destination.temporaryFile ?? "")
            } catch {
                destination.abandon()
                StandardError.print("vigie export timeline: \(error)")
                throw ExitCode.failure
            }
        }
        try destination.commit(command: "export timeline")
        if let output = file.output {
            let brands = report.brands.count
            StandardError.print(
                "vigie export timeline: \(report.rows.count) rows (\(brands) brand\(brands == 1 ? "" : "s") × \(report.bucketStarts.count) buckets) written to \(output)"
            )
        }
    }
}
