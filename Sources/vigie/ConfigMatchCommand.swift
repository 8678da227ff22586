import ArgumentParser
import Foundation
import VigieConfig
import VigieCore
import VigieMatch

/// `vigie config match`: try the configured brands on texts.
struct ConfigMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Try the configured brands' queries on texts.",
        discussion: """
            Matches each TEXT, or each line of stdin when none is given, against every brand \
            of the configuration, the way the watcher matches entries, and prints one JSON \
            line per input, in input order:

              {"matches":[{"brand":"Acme","terms":["Acme","panne"]}]}

            Use it to tune a query before watching: what matches, through which terms, and \
            what an exclusion removes. With --lang, brands that keep other languages are skipped.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(
        help: ArgumentHelp("The texts' language (fr or en); brands that do not keep it are skipped.", valueName: "lang")
    )
    var lang: String?

    @Argument(help: "Texts to match; stdin lines when none is given.")
    var texts: [String] = []

    func validate() throws {
        if let lang, Language(rawValue: lang) == nil {
            throw ValidationError("--lang must be fr or en, not \(lang)")
        }
    }

    private struct Line: Encodable {
        var matches: [BrandMatch]
    }

    func run() throws {
        let configuration = try options.load()
        let matcher = configuration.matcher
        let language = lang.flatMap(Language.init(rawValue:))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let output = StandardOutput()
        func emit(_ text: String) throws {
            output.write(Array(try encoder.encode(Line(matches: matcher.matches(in: text, language: language)))))
            output.write([0x0A])
        }
        if texts.isEmpty {
            while !output.hasFailed, let line = readLine(strippingNewline: true) { try emit(line) }
        } else {
            for text in texts { try emit(text) }
        }
        try output.finish("config match")
    }
}
