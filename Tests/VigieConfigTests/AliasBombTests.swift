import Foundation
import Testing
import VigieConfig
import VigieTestSupport

/// YAML alias bombs ("billion laughs", issue 11) are refused with their place, before anything expands them.
@Suite struct AliasBombTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    /// A "billion laughs": `a` lists nine `x`, and each of the `levels - 1` next lines nine aliases of the
    /// line before (9⁹ values for nine levels), indented under `section` when one is given.
    static func bomb(levels: Int, under section: String?) -> String {
        let names = (0..<levels).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        guard let section else { return lines.joined(separator: "\n") + "\n" }
        return "brands: [Acme]\nsources: [https://example.org/rss]\n\(section):\n"
            + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Nine levels of nine aliases, wherever they are, are refused before anything walks them, with the file
    /// and the line of the alias that crosses the limit. (The memory or time it takes is not asserted: the
    /// refusal is.)
    @Test(arguments: [nil, "alerts", "export", "defaults"])
    func aBillionLaughsIsRefusedWithItsPlace(section: String?) throws {
        let yaml = Self.bomb(levels: 9, under: section)
        let (configuration, problems) = Configuration.check(yaml: yaml, file: "bomb.yaml", baseDirectory: folder.url)
        #expect(configuration == nil)
        let refusal = try #require(problems.first { $0.message.contains("aliases") }, "\(problems)")
        #expect(refusal.severity == .error)
        #expect(refusal.file == "bomb.yaml")
        #expect(refusal.message.contains("\(100_000)"))
        // The limit is crossed at the first *e of line f (90 + 819 + 7380 + 66429 values copied before it):
        // located on that line, and by its path.
        #expect(refusal.line == (section == nil ? 6 : 9), "\(refusal)")
        #expect(refusal.column != nil)
        #expect(refusal.path == (section.map { "\($0)." } ?? "") + "f[0]")
        #expect(problems.count == 1, "nothing else is read: \(problems)")
    }

    /// Anchors used the way configurations use them (a block of headers shared by many sources) are fine.
    @Test func everydayAliasesAreAccepted() throws {
        var yaml = "defaults:\n  interval: 1h\nbrands: [Acme]\nsources:\n"
        for index in 0..<200 {
            yaml +=
                index == 0
                ? "  - url: https://example.org/0\n    headers: &h {Accept-Language: fr, X-Team: ops}\n"
                : "  - url: https://example.org/\(index)\n    headers: *h\n"
        }
        let configuration = try Configuration(yaml: yaml, baseDirectory: folder.url)
        #expect(configuration.sources.count == 200)
        #expect(configuration.warnings.isEmpty)
    }

    /// Aliases used as keys: Yams would hash the whole expansion of each while parsing (minutes of CPU for
    /// a 300-byte file). They are refused before Yams sees the text, with the key's line and column.
    @Test(arguments: [
        ("j: {*i: 1}\n", 10, 5, "an alias"),
        ("*i : 1\n", 10, 1, "an alias"),
        ("? *i\n: 1\n", 10, 1, "an explicit key (? …)"),
        ("[*i, *h]: 1\n", 10, 8, "a list or a mapping"),
    ])
    func aliasesAsKeysAreRefusedBeforeParsing(tail: String, line: Int, column: Int, what: String) throws {
        let yaml = Self.bomb(levels: 9, under: nil) + tail
        let (configuration, problems) = Configuration.check(yaml: yaml, file: "keys.yaml", baseDirectory: folder.url)
        #expect(configuration == nil)
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.line == line)
        #expect(problem.column == column)
        #expect(problem.message.contains("a mapping key here is \(what)"), "\(problem)")
    }

    /// What looks like those keys inside quotes, comments or plain texts is left alone.
    @Test func keyLookalikesInTextsAreFine() throws {
        let yaml = """
            brands:
              - name: "Acme *star: yes"   # a comment with *x: and ? and [a]: too
                terms: ['[a]: b', "{x}: y", Acme ? maybe]
                query: 'acme AND "* ratings: 5"'
            sources: [https://example.org/rss]
            headers_in_flow: {a: [1, 2], b: {c: d}}
            """
        let (_, problems) = Configuration.check(yaml: yaml, baseDirectory: folder.url)
        #expect(!problems.contains { $0.message.contains("a mapping key here") }, "\(problems)")
    }
}
