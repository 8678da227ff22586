import ArgumentParser
import CMemory
import Foundation
import VigieCore
import VigieIngest

/// `vigie parse`: feeds and pages to JSON lines, one per input.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read feeds and web pages and print what they hold as JSON lines.",
        discussion: """
            Each input (a file, `-` for standard input, or an http/https URL) gives \
            exactly one JSON line on stdout, in input order, with the document's \
            kind and version, its metadata and its entries (title, link, dates, \
            author, sanitized summary and content, and `text`: the plain text that \
            Vigie matches and scores). RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed \
            1.0/1.1 and HTML pages are told apart by their content (and, for URLs, \
            an `application/feed+json` type), not their name.

            A broken document is not a failure: what was recovered is listed in \
            its `warnings`, and a document with nothing usable has an `error`. \
            The exit status is non-zero only for a usage error or an input that \
            could not be read at all (it still gets its line, with an `error`).

            The format is described in docs/INTERFACE.md.

            Examples:
              vigie parse Samples/feeds/*.xml
              curl -s https://example.com/feed | vigie parse -
              vigie parse --items '//div[@class="review"]' --item-text './/p' page.html
            """
    )

    @Option(help: "Output format. Only `jsonl` (JSON lines) exists today.")
    var format: OutputFormat = .jsonl

    @Option(name: .customLong("max-bytes"), help: "Refuse inputs larger than this many bytes.")
    var maximumBytes: Int = 16 << 20

    @Option(name: .customLong("items"), help: "XPath selecting the items of an HTML page (each becomes an entry).")
    var itemSelector: String?

    @Option(name: .customLong("item-title"), help: "XPath, relative to an item, of its title.")
    var itemTitle: String?

    @Option(
        name: .customLong("item-link"), help: "XPath, relative to an item, of its link (default: its first <a href>).")
    var itemLink: String?

    @Option(name: .customLong("item-date"), help: "XPath, relative to an item, of its date.")
    var itemDate: String?

    @Option(name: .customLong("item-text"), help: "XPath, relative to an item, of its text (default: all its text).")
    var itemText: String?

    @Argument(help: "Files, `-` for standard input, or http/https URLs.")
    var inputs: [String]

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one file, `-` or URL to parse") }
        if maximumBytes <= 0 { throw ValidationError("--max-bytes must be positive") }
        if jobs <= 0 { throw ValidationError("--jobs must be at least 1") }
        if itemSelector == nil, itemTitle != nil || itemLink != nil || itemDate != nil || itemText != nil {
            throw ValidationError("--item-title, --item-link, --item-date and --item-text need --items")
        }
    }

    @Option(help: "Parse this many inputs at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        // Documents are allocated and freed one after another: by default glibc gave the
        // memory back after each and faulted it in again for the next (4 600 to 6 500 page
        // faults on the bench's feeds from run to run, 2 600 every run with 64 MiB kept;
        // CPU time -5 %, median of 30 alternated runs).
        vigie_malloc_keep_freed(64 << 20)
        let selectors = itemSelector.map {
            PageSelectors(item: $0, title: itemTitle, link: itemLink, date: itemDate, text: itemText)
        }
        let options = FeedParser.Options(maximumBytes: maximumBytes, selectors: selectors)
        let inputs = ParseInputs.split(self.inputs)
        let limit = maximumBytes
        // Standard input can be read once, by one thread: keep it sequential.
        let threads = inputs.contains("-") ? 1 : max(1, jobs)
        let output = StandardOutput()
        var unreadable = 0
        let work = OrderedWork<(line: [UInt8], failure: String?)>(count: inputs.count, window: threads * 4)
        work.run(threads: threads) { index in
            let input = inputs[index]
            var buffer: [UInt8] = []
            do {
                let loaded = try InputLoader.load(input, into: &buffer, limit: limit)
                let document = buffer.withUnsafeBytes {
                    FeedParser(options: options).parse(
                        $0, source: input, url: loaded.url, charset: loaded.charset, mediaType: loaded.mediaType)
                }
                return (document.jsonLine(), nil)
            } catch {
                return (FeedDocument.failed(input, "\(error)").jsonLine(), "\(error)")
            }
        } deliver: { result in
            if let failure = result.failure {
                unreadable += 1
                output.flush()
                StandardError.print("vigie parse: \(failure)")
            }
            output.write(result.line)
        }
        SharedFetcher.shutdown()
        try output.finish("parse")
        if unreadable > 0 { throw ExitCode(1) }
    }
}
