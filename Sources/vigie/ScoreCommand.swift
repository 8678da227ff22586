import ArgumentParser
import Dispatch
import Foundation
import VigieConfig
import VigieCore
import VigieMatch
import VigieScore
import VigieWatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `vigie score`: one JSON line of sentiment per text.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the sentiment of French and English texts.",
        discussion: """
            Scores each TEXT argument or, when there is none, each line of standard input, and \
            prints one JSON object per text on standard output, in input order: output line N \
            belongs to input line N, and an empty line gives a neutral line. For example:

              {"lang":"fr","score":-0.62,"label":"negative",
               "positive":0.0,"negative":0.41,"neutral":0.59}

            (on one line). The score is the compound score in [-1, 1]. The label is positive at \
            or above 0.05, negative at or below -0.05, neutral in between. The positive, \
            negative and neutral proportions of the text's weight sum to 1. With --explain each \
            line also lists the terms that drove the score, after negation, boosters and \
            contrast, e.g. "terms":[{"term":"arnaque","valence":-3.0}].

            With --brand NAME (and --config FILE, default vigie.yaml) texts are scored as \
            mentions of that brand, as `vigie watch` stores them: the brand's own names (its \
            terms and query words, @handles and #hashtags) carry no sentiment, so "United" or \
            "Free" is not praise, and the brand's lexicon: words apply. For example:

              vigie score --config vigie.yaml --brand United --explain "@united lost my bag again"

            The rules and thresholds are in docs/SCORING.md. Lexicons are looked for in this \
            order: --lexicons DIR, the VIGIE_LEXICONS environment variable, next to the \
            executable (vigie_VigieLexicons.resources or lexicons/), ../share/vigie/lexicons, \
            then the source tree the binary was built from.

            Standard input is read as a stream, in constant memory, so any input length works:

              vigie score --lang fr < mentions.txt > scores.jsonl
            """
    )

    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, fr, en
    }

    @Option(name: .long, help: "The language of the texts: auto (guessed per text), fr or en.")
    var lang: LanguageChoice = .auto

    @Option(name: .long, help: "Output format; only jsonl (JSON lines) is available.")
    var format: String = "jsonl"

    @Flag(name: .long, help: "Add the terms that drove each score (\"terms\").")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("A lexicon folder holding fr/ and en/.", valueName: "dir"))
    var lexicons: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file of your own terms (term<TAB>valence, -4..4) that override the defaults in both languages; repeatable.",
            valueName: "file"))
    var terms: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Score the texts as mentions of this brand of the configuration (its names carry no sentiment, its lexicon applies).",
            valueName: "name"))
    var brand: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The configuration that describes --brand (default: vigie.yaml).", valueName: "file"))
    var config: String?

    @Argument(help: "Texts to score; standard input lines when none is given.")
    var texts: [String] = []

    func validate() throws {
        guard format == "jsonl" else {
            throw ValidationError("unknown format \"\(format)\"; the only format is jsonl")
        }
        if config != nil, brand == nil {
            throw ValidationError("--config only serves to describe --brand; name the brand with --brand NAME")
        }
    }

    func run() throws {
        var settings: BrandSettings?
        if let brand {
            let configuration = try ConfigOptions.parse(["--config", config ?? "vigie.yaml"]).load()
            guard let found = configuration.brands.first(where: { $0.name == brand }) else {
                let names = configuration.brands.map { "\"\($0.name)\"" }.joined(separator: ", ")
                StandardError.print(
                    "vigie score: no brand named \"\(brand)\" in \(config ?? "vigie.yaml"); its brands are: \(names.isEmpty ? "none" : names)"
                )
                throw ExitCode.failure
            }
            settings = found
        }
        let scorer: SentimentScorer
        do {
            let directory = try LexiconLocator.locate(explicit: lexicons)
            scorer = try SentimentScorer(
                lexicons: directory, overrides: terms.map { URL(fileURLWithPath: $0) }, brandLexicon: settings?.lexicon)
        } catch {
            StandardError.print("vigie score: \(error)")
            throw ExitCode.failure
        }
        let brandWords = settings.map { scorer.brandWords($0.brand.ownTerms) } ?? .none
        let language: Language? =
            switch lang {
            case .auto: nil
            case .fr: .french
            case .en: .english
            }
        let standardOutput = StandardOutput()
        if texts.isEmpty {
            scoreStandardInput(scorer, language, brandWords, to: standardOutput)
        } else {
            var scratch = ScoringScratch()
            var output = JSONLineWriter(sink: standardOutput)
            for text in texts {
                var copy = text
                copy.withUTF8 { output.write(scorer, $0, language, &scratch, explain, brandWords) }
            }
            output.flush()
        }
        try standardOutput.finish("score")
    }

    /// Scores stdin block by block: the lines of a block are shared out between the cores,
    /// each part's output is written in input order, then the next block is read.
    private func scoreStandardInput(
        _ scorer: SentimentScorer, _ language: Language?, _ brandWords: BrandWords, to standardOutput: StandardOutput
    ) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let explain = self.explain
        var reader = LineReader(fileDescriptor: 0)
        var serialScratch = ScoringScratch()
        var serialOutput = JSONLineWriter(sink: standardOutput)
        var lines: [Range<Int>] = []
        // More parts than cores, so a core slowed by other work does not hold the block back.
        var workerState = (0..<(workers == 1 ? 1 : workers * 4)).map { _ in Worker() }
        // A reader gone away (or a full disk) ends the reading: the rest could not be written.
        while !standardOutput.hasFailed,
            reader.nextBlock({ block in
                lines.removeAll(keepingCapacity: true)
                var start = 0
                if let base = block.baseAddress {
                    while start < block.count, let found = memchr(base + start, 0x0A, block.count - start) {
                        let k = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                        lines.append(start..<k)
                        start = k + 1
                    }
                }
                if start < block.count { lines.append(start..<block.count) }
                if workers == 1 || lines.count < 512 {
                    for line in lines {
                        serialOutput.write(
                            scorer, UnsafeBufferPointer(rebasing: block[line]), language, &serialScratch, explain,
                            brandWords)
                    }
                    serialOutput.flush()
                    return
                }
                let parts = workerState.count
                let share = (lines.count + parts - 1) / parts
                let ranges = lines
                nonisolated(unsafe) let block = block
                // Each part keeps its scratch and output buffer from block to block: no fresh pages.
                workerState.withUnsafeMutableBufferPointer { state in
                    nonisolated(unsafe) let state = state
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        state[part].writer.clear()
                        let from = part * share
                        let to = min(ranges.count, from + share)
                        if from < to {
                            for line in ranges[from..<to] {
                                state[part].score(
                                    scorer, UnsafeBufferPointer(rebasing: block[line]), language, explain, brandWords)
                            }
                        }
                    }
                }
                for part in workerState { standardOutput.write(part.writer.bytes) }
            })
        {}
    }

    /// One core's share of a block: its working memory and its output, kept between blocks.
    private struct Worker {
        var scratch = ScoringScratch()
        var writer = JSONLineWriter(sink: nil)

        mutating func score(
            _ scorer: SentimentScorer, _ line: UnsafeBufferPointer<UInt8>, _ language: Language?, _ explain: Bool,
            _ brandWords: BrandWords
        ) {
            writer.write(scorer, line, language, &scratch, explain, brandWords)
        }
    }
}
