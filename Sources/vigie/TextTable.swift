import Foundation

/// A plain-text table for terminals: columns padded to their widest cell,
/// cells cut with an ellipsis past `maximumWidth`.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    var maximumWidth = 60

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let cut = { (cell: String) -> String in
            let flat = cell.replacingNewlines
            return flat.count > maximumWidth ? String(flat.prefix(maximumWidth - 1)) + "…" : flat
        }
        let cells = ([headers] + rows).map { $0.map(cut) }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return cells.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension String {
    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}
