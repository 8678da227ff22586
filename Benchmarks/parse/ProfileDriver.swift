import Foundation
import VigieCore
import VigieIngest

// Benchmarks/parse/profile.sh builds this. Parses every file named on the command line, one after the other on the
// main thread, and writes the `vigie parse` lines: the parse -> JSON path
// without the threads (valgrind 3.19 cannot run the vigie binary).
@main
struct Driver {
    static func main() {
        let parser = FeedParser()
        let output = StandardOutput()
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let document = data.withUnsafeBytes { parser.parse($0, source: path) }
            output.write(document.jsonLine())
        }
        output.flush()
    }
}
