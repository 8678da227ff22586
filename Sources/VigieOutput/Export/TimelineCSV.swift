import Foundation
import VigieCore

/// The CSV of a timeline: `bucket_start,brand,mentions,positive,neutral,negative,mean_score,negative_share,alert`
/// (in the spreadsheet dialects `bucket_start,utc_offset,brand,…`).
///
/// `bucket_start` is ISO 8601 with the zone's offset, or the local date-time and a `utc_offset` column
/// in the spreadsheet dialects; `mean_score` has 4 decimals, `negative_share` 4; both are empty for a
/// bucket with no mention (a mean of nothing is not 0); `alert` is the highest severity raised in the
/// bucket, empty if none.
public struct TimelineCSV: Sendable {
    /// The column names, in order (``CSVDialect/header(_:timeColumn:)`` adds `utc_offset`).
    public static let header = [
        "bucket_start", "brand", "mentions", "positive", "neutral", "negative", "mean_score", "negative_share", "alert",
    ]

    /// The dialect written.
    public var dialect: CSVDialect

    /// A writer in `dialect`.
    public init(dialect: CSVDialect = .standard) {
        self.dialect = dialect
    }

    /// The BOM (when the dialect has one) and the header line.
    public func start() -> [UInt8] {
        dialect.header(Self.header, timeColumn: "bucket_start")
    }

    /// The whole file for `report`, calling `write` with chunks of bytes.
    public func write(_ report: TimelineReport, to write: ([UInt8]) throws -> Void) rethrows {
        try write(start())
        var timestamp = ExportTimestamp(timeZone: report.timeZone)
        var line = CSVLine(dialect: dialect)
        for row in report.rows {
            line.reset()
            line.time(row.start, in: &timestamp)
            line.text(row.brand)
            line.integer(row.mentions)
            line.integer(row.positive)
            line.integer(row.neutral)
            line.integer(row.negative)
            if let mean = row.meanScore { line.number(mean, decimals: 4) } else { line.empty() }
            if let share = row.negativeShare { line.number(share, decimals: 4) } else { line.empty() }
            line.text(row.alert?.rawValue ?? "")
            try write(line.finish())
        }
    }
}
