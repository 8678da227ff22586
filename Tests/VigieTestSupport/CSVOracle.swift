import SwiftCSV

/// Reads CSV the way an independent library does (SwiftCSV), so that the exports are checked against a
/// reader that is not ours.
public enum CSVOracle {
    /// Every record of `text`, the header included, with `separator` between fields.
    public static func records(_ text: String, separator: Character = ",") throws -> [[String]] {
        let csv = try EnumeratedCSV(string: text, delimiter: .character(separator), loadColumns: false)
        return [csv.header] + csv.rows
    }
}
