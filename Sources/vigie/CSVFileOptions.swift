import ArgumentParser
import VigieOutput

/// Where a CSV export goes and in which dialect: what `export mentions` and `export timeline` share.
struct CSVFileOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write the CSV to this file (default: stdout).")
    var output: String?

    @Flag(help: "For Excel: `;` separator, UTF-8 byte order mark, formulas neutralised.")
    var excel = false

    /// The dialect `--excel` asks for.
    var dialect: CSVDialect { excel ? .excel : .standard }
}
