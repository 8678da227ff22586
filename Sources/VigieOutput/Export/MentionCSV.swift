import Foundation
import VigieCore
import VigieStore

/// The CSV of mentions, one row each:
/// `time,brand,source,title,link,language,score,label,matched_terms,text,carriers,seen`.
///
/// `time` is ISO 8601 in the export's zone with its offset (in the spreadsheet dialects, the local
/// date-time followed by a `utc_offset` column), `source` the URL of
/// the first source that carried the entry, `score` has 4 decimals,
/// `matched_terms` are joined with `; `, `carriers` is how many sources carried the story (copies and
/// rewrites of it are this one row), `seen` when Vigie stored it (RFC 3339, UTC: `vigie backtest` replays
/// a history in that order, at those times, and raises what the watcher raised).
///
/// The one mention CSV of Vigie: `vigie export mentions` and `vigie mentions
/// --format csv` both write it. Text cells that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with `'`
/// in every dialect (see ``CSVLine/text(_:)``); the `score` column is a number and is
/// never altered.
public struct MentionCSV: Sendable {
    /// The column names, in order.
    public static let header = [
        "time", "brand", "source", "title", "link", "language", "score", "label", "matched_terms", "text",
        "carriers", "seen",
    ]

    /// The dialect written.
    public let dialect: CSVDialect
    private var timestamp: ExportTimestamp
    private var buffer: CSVLine

    /// A writer in `dialect`, with times in `timeZone`.
    public init(dialect: CSVDialect = .standard, timeZone: TimeZone = .gmt) {
        self.dialect = dialect
        self.timestamp = ExportTimestamp(timeZone: timeZone)
        self.buffer = CSVLine(dialect: dialect)
    }

    /// The BOM (when the dialect has one) and the header line.
    public func start() -> [UInt8] {
        dialect.header(Self.header, timeColumn: "time")
    }

    /// The line of one mention (the returned buffer is reused by the next call).
    public mutating func line(_ row: MentionRow) -> [UInt8] {
        buffer.reset()
        buffer.time(row.time, in: &timestamp)
        buffer.text(row.brand)
        buffer.text(row.sourceURL)
        buffer.text(row.title ?? "")
        buffer.text(row.link ?? "")
        buffer.text(row.language.rawValue)
        buffer.number(row.score, decimals: 4)
        buffer.text(row.label.rawValue)
        buffer.text(row.matchedTerms.joined(separator: "; "))
        buffer.text(row.text)
        buffer.integer(row.carriers)
        buffer.text(RFC3339.format(row.firstSeenAt))
        return buffer.finish()
    }
}
