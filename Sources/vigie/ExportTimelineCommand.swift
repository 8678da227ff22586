import ArgumentParser
import Foundation
import VigieOutput
import VigieStore

/// `vigie export timeline`: one CSV row per brand and bucket.
struct ExportTimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Export the sentiment timeline as CSV: one row per brand and bucket.",
        discussion: """
            Columns: bucket_start (ISO 8601 local time with its UTC offset), brand, mentions, \
            positive, neutral, negative, mean_score (4 decimals), negative_share (4 decimals), \
            alert (the highest severity of the alerts raised for the brand in that bucket: \
            critical, warning, or empty).

            Buckets are aligned in --tz: a day runs from local midnight to local midnight, so \
            the days the clocks change last 23 or 25 hours; weeks start on Monday. Every bucket \
            of the period is present, empty ones with zero mentions and empty mean_score and \
            negative_share (a mean of nothing is not 0). Rows are ordered by brand (in the \
            order of --brand, else of the configuration), then by time.

            The period runs from --since (else the first stored mention) to --until (else now \
            when --since is given, else the last stored mention).

            Examples:
              vigie export timeline --config vigie.yaml --since 7d --tz Europe/Paris -o week.csv
              vigie export timeline --brand Cerise --bucket week --since 2026-01-05T00:00:00+01:00 --excel
            """
    )

    @OptionGroup var filters: ExportOptions

    @OptionGroup var file: CSVFileOptions

    func run() throws {
        let (report, brands) = try filters.timeline(command: "export timeline")
        let destination = try ExportDestination(path: file.output, command: "export timeline")
        TimelineCSV(dialect: file.dialect).write(report) { destination.write($0) }
        try destination.commit(command: "export timeline")
        if let output = file.output {
            StandardError.print(
                "vigie export timeline: \(report.rows.count) rows (\(brands.count) brand\(brands.count == 1 ? "" : "s") × \(report.bucketStarts.count) buckets) written to \(output)"
            )
        }
    }
}
