import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieMatch
import VigieOutput

/// Where an export goes and in which form: what `export mentions` and `export timeline` share.
struct ExportFileOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, xlsx }

    @Option(
        name: [.short, .customLong("output")],
        help: "Write to this file, replaced only once complete (default: stdout; required with --format xlsx).")
    var output: String?

    @Option(
        help: """
            csv (RFC 4180 by default, see --excel) or xlsx (a workbook: typed cells, dates, a frozen header, \
            an autofilter, links as hyperlinks; the timeline opens on a chart per brand).
            """)
    var format: Format = .csv

    @Flag(
        help: """
            CSV for a person opening it in a spreadsheet: a UTF-8 byte order mark, times as local \
            YYYY-MM-DD HH:MM:SS followed by a utc_offset column, separators of --locale.
            """)
    var excel = false

    @Option(
        help: """
            With --excel: fr (`;` between fields, decimal comma) or en (`,`, decimal point). Default: fr when \
            the system locale (LC_ALL, LC_NUMERIC, LANG) is French or every exported brand keeps only French \
            (languages: [fr]), else en.
            """)
    var locale: CSVDialect.Locale?

    func validate() throws {
        if format == .xlsx && excel {
            throw ValidationError(
                "--excel shapes a CSV; an xlsx workbook has typed cells that open right in any locale")
        }
        if locale != nil && !excel { throw ValidationError("--locale goes with --excel") }
        if format == .xlsx && (output == nil || output == "-") {
            throw ValidationError("--format xlsx needs -o FILE.xlsx: a workbook is a file, not a stream")
        }
    }

    /// The CSV dialect asked for, `--excel`'s locale defaulting as documented for `brands`.
    func dialect(brands: [BrandSettings]) -> CSVDialect {
        guard excel else { return .standard }
        return .excel(locale ?? Self.defaultLocale(brands: brands, environment: ProcessInfo.processInfo.environment))
    }

    /// French when the system locale is (the first of `LC_ALL`, `LC_NUMERIC`, `LANG` that is set) or
    /// when every brand keeps only French mentions; English otherwise.
    static func defaultLocale(brands: [BrandSettings], environment: [String: String]) -> CSVDialect.Locale {
        let system = ["LC_ALL", "LC_NUMERIC", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        let systemFrench = system?.lowercased().hasPrefix("fr") ?? false
        let brandsFrench = !brands.isEmpty && brands.allSatisfy { $0.brand.languages == [.french] }
        return systemFrench || brandsFrench ? .fr : .en
    }
}

extension CSVDialect.Locale: ExpressibleByArgument {}
