import Foundation

/// The XML parts of an `.xlsx` file (a zip), read with Python's standard `zipfile`: an unzipper that is
/// not the one that wrote them.
public struct XLSXParts {
    /// The text of each XML part, by its name in the zip.
    public var parts: [String: String]

    /// The part names, sorted.
    public var names: [String] { parts.keys.sorted() }

    /// A part's text, empty when absent.
    public subscript(name: String) -> String { parts[name] ?? "" }

    /// The shared strings of the workbook, in order (what a cell `t="s"` with `<v>N</v>` shows).
    public var sharedStrings: [String] {
        self["xl/sharedStrings.xml"].matches(of: /<si><t[^>]*>([^<]*)<\/t><\/si>/).map { String($0.output.1) }
    }

    /// The value of the cell `reference` (`B3`) of `sheet` (`xl/worksheets/sheet2.xml`), shared strings
    /// resolved; `nil` when the cell is absent.
    public func cell(_ reference: String, of sheet: String) -> String? {
        let xml = self[sheet]
        guard let range = xml.range(of: "<c r=\"\(reference)\"") else { return nil }
        let rest = xml[range.upperBound...]
        guard let end = rest.range(of: "</c>") else { return nil }
        let cell = rest[..<end.lowerBound]
        if let inline = cell.firstMatch(of: /<t[^>]*>([^<]*)<\/t>/) { return String(inline.output.1) }
        guard let value = cell.firstMatch(of: /<v>([^<]*)<\/v>/) else { return nil }
        if cell.contains("t=\"s\"") {
            let strings = sharedStrings
            return Int(value.output.1).flatMap { $0 < strings.count ? strings[$0] : nil }
        }
        return String(value.output.1)
    }

    /// Reads the parts of the `.xlsx` at `path`.
    public static func read(_ path: String) throws -> XLSXParts {
        let script = """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                print(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}))
            """
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, path])
        guard result.status == 0,
            let parts = try JSONDecoder().decode([String: String]?.self, from: Data(result.stdout.utf8))
        else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
        return XLSXParts(parts: parts)
    }
}
