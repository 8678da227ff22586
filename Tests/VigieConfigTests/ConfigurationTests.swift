import Foundation
import Testing
import VigieConfig
import VigieCore
import VigieDetect
import VigieMatch
import VigieTestSupport

@Suite struct ConfigurationTests {
    private let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try folder.write("feeds/acme.xml", "<rss/>")
        try folder.write("lexicons/acme.tsv", "panne\t-2\n")
    }

    private func check(_ yaml: String) -> (Configuration?, [ConfigurationProblem]) {
        Configuration.check(yaml: yaml, file: "vigie.yaml", baseDirectory: folder.url)
    }

    /// The errors, as `line:column path` strings, for compact expectations.
    private func errors(_ yaml: String) -> [String] {
        check(yaml).1.filter { $0.severity == .error }.map {
            "\($0.line.map(String.init) ?? "-"):\($0.column.map(String.init) ?? "-") \($0.path)"
        }
    }

    @Test(arguments: [
        ("htps://hooks.example.com/services/T0/B0/s3cretpath", "\"htps://hooks.example.com/…\""),
        ("https://ops:s3cretpath@/hook", "\"https://…@/…\""),
        ("hooks.example.com/s3cretpath?token=s3cretpath", "\"hooks.example.com/…\""),
    ])
    func aBadWebhookURLIsQuotedOnlyAsFarAsItsHost(url: String, quoted: String) throws {
        let yaml = """
            brands: [{name: Acme}]
            sources: [{url: file://feeds/acme.xml}]
            alerts:
              sinks: [{type: webhook, name: ops, url: "\(url)"}]
            """
        let problem = try #require(check(yaml).1.first { $0.path == "alerts.sinks[0].url" })
        #expect(problem.message.contains(quoted))
        #expect(!problem.description.contains("s3cret"))
    }

    @Test func readsACompleteConfiguration() throws {
        let yaml = """
            version: 1
            storage:
              path: data/vigie.db
            defaults:
              interval: 10m
              headers:
                Accept-Language: fr
            brands:
              - name: Orange
                exclusions: ["jus d'orange"]
                languages: [fr]
              - name: Acme
                terms: [Acme, "#acme"]
                aliases: [Acme Corp]
                query: panne OR bug
                languages: [fr, en]
                lexicon:
                  panne: -2.5
                  Débit: 1
                timezone: America/New_York
              - Crédit Agricole
            sources:
              - url: file://feeds/acme.xml
                kind: rss
              - url: https://example.org/feed
                name: Example
                interval: 1h30m
                headers: {User-Agent: test, Accept-Language: en}
                brands: [acme]
              - https://example.org/page
              - url: https://example.org/list
                kind: html
                selectors: {item: article, title: h2, link: a, date: time}
                enabled: false
            alerts:
              timezone: America/New_York
              detector: {minimum_negatives: 3}
              sinks:
                - type: stdout
            export:
              csv: {path: out.csv}
            """
        let (configuration, problems) = check(yaml)
        #expect(problems.isEmpty, "\(problems)")
        let config = try #require(configuration)
        #expect(config.storage.path.path == folder.url.appendingPathComponent("data/vigie.db").standardizedFileURL.path)
        #expect(config.brands.map(\.name) == ["Orange", "Acme", "Crédit Agricole"])
        #expect(config.brands[1].brand.terms.map(\.text) == ["Acme", "#acme", "Acme Corp"])
        #expect(config.brands[1].brand.languages == [.french, .english])
        #expect(config.brands[1].lexicon == .inline(["panne": -2.5, "Débit": 1]))
        #expect(config.sources.count == 4)
        let local = config.sources[0]
        #expect(local.url.isFileURL)
        #expect(local.url.path.hasSuffix("/feeds/acme.xml"))
        #expect(local.kind == .rss)
        #expect(local.interval == .seconds(600))
        #expect(local.name == "acme.xml")
        #expect(local.headers == [SourceSettings.Header(name: "Accept-Language", value: "fr")])
        let remote = config.sources[1]
        #expect(remote.name == "Example")
        #expect(remote.interval == .seconds(5_400))
        #expect(remote.headers.map(\.name) == ["User-Agent", "Accept-Language"])
        #expect(remote.headers.last?.value == "en")
        #expect(remote.brands == ["Acme"])
        #expect(config.sources[2].name == "example.org/page")
        #expect(
            config.sources[3].selectors
                == SourceSettings.Selectors(item: "article", title: "h2", link: "a", date: "time"))
        #expect(config.sources[3].enabled == false)
        #expect(config.alertSettings.sinks == [.stdout])
        #expect(config.alertSettings.detector.minimumNegatives == 3)
        #expect(config.alertSettings.detector.timeZone.identifier == "America/New_York")
        #expect(config.brands.map(\.timeZone) == [nil, "America/New_York", nil])
        #expect(config.export?["csv"]?["path"]?.string == "out.csv")

        let found = config.matcher.matches(in: "Acme en panne, #acme", language: .french)
        #expect(found.map(\.brand) == ["Acme"])
        #expect(found.first?.terms == ["Acme", "#acme", "panne"])
        #expect(config.matcher.matches(in: "un jus d'orange").isEmpty)
    }

    @Test func defaultsWhenSectionsAreAbsent() throws {
        let (configuration, problems) = check("brands: [Acme]\nsources: [https://example.org/rss]\n")
        let config = try #require(configuration)
        #expect(problems.isEmpty)
        #expect(config.storage.path.lastPathComponent == "vigie.db")
        #expect(config.sources[0].interval == .seconds(900))
        #expect(config.sources[0].kind == .auto)
    }

    @Test func reportsEveryProblemWithItsLineAndColumn() {
        let yaml = """
            storage:
              paht: x.db
            brands:
              - name: Acme
                query: acme AND
                langages: [fr]
              - name: acme
              - name: Zed
                languages: [de]
                timezone: Paris
            sources:
              - url: ftp://example.org/feed
              - url: https://example.org/feed
                interval: 10
              - url: https://example.org/other
                interval: 5s
                brands: [Acme, Nobody]
                kind: podcast
            alerts:
              bucket: 7m
            """
        #expect(
            errors(yaml) == [
                "2:3 storage.paht",
                "5:17 brands[0].query",
                "6:5 brands[0].langages",
                "7:11 brands[1].name",
                "9:17 brands[2].languages[0]",
                "10:15 brands[2].timezone",
                "12:10 sources[0].url",
                "14:15 sources[1].interval",
                "16:15 sources[2].interval",
                "17:20 sources[2].brands[1]",
                "18:11 sources[2].kind",
                "20:11 alerts.bucket",
            ])
    }

    @Test func messagesSayWhatToDo() {
        let problems = check(
            """
            brands:
              - nom: Acme
            sources:
              - url: https://example.org/feed
                interval: 10
            """
        ).1
        let text = problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("vigie.yaml:2:5: error: brands[0].nom: unknown key \"nom\" (did you mean \"name\"?)"))
        #expect(text.contains("vigie.yaml:2:5: error: brands[0]: a brand needs a name:"))
        #expect(text.contains("add a unit: 10s, 10m or 10h"))
    }

    @Test func queryErrorsPointInsideTheQuery() {
        let yaml = """
            brands:
              - name: A
                query: "acme NEAR/x panne"
              - name: B
                query: |
                  acme
                  AND (panne
            sources: []
            """
        let problems = check(yaml).1.filter { $0.severity == .error }
        #expect(problems.count == 2)
        // `    query: "acme NEAR/x panne"`: the quote is column 12, NEAR column 6 of the query.
        #expect(problems[0].line == 3)
        #expect(problems[0].column == 18)
        #expect(problems[0].message.contains("column 6 of the query"))
        // `      AND (panne`: six spaces of indentation, the '(' is column 5 of the query's line 2.
        #expect(problems[1].line == 7)
        #expect(problems[1].column == 11)
        #expect(problems[1].message.contains("never closed"))
    }

    @Test func windowsLineEndsKeepPositions() {
        let yaml = "brands:\r\n  - name: B\r\n    query: |\r\n      acme\r\n      AND (panne\r\nsources: []\r\n"
        #expect(errors(yaml) == ["5:11 brands[0].query"])
    }

    @Test func queryOfOnlyNotIsAnErrorWithoutTerms() {
        #expect(errors("brands:\n  - name: A\n    query: NOT a\n") == ["3:12 brands[0].query"])
        #expect(errors("brands:\n  - name: A\n    terms: [A]\n    query: NOT b\n").isEmpty)
    }

    @Test(arguments: [
        ("30s", 30), ("15m", 900), ("1h", 3_600), ("1h30m", 5_400), ("2d", 172_800), (" 45s ", 45),
    ])
    func readsIntervals(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "10", "m", "1.5h", "30m1h", "1x", "-5m", "1h 30m", "99999999999999h"])
    func refusesNonsenseIntervals(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [("10s", false), ("29s", false), ("30s", true), ("7d", true), ("8d", false), ("1w", false)])
    func intervalBounds(text: String, accepted: Bool) {
        let yaml = "brands: [A]\nsources:\n  - url: https://example.org/\n    interval: \(text)\n"
        #expect(errors(yaml).isEmpty == accepted)
    }

    @Test(arguments: [
        ("https://example.org/feed", true),
        ("http://example.org:8080/rss?x=1", true),
        ("file://feeds/acme.xml", true),
        ("file:feeds/acme.xml", true),
        ("ftp://example.org/feed", false),
        ("example.org/feed", false),
        ("https://", false),
        ("https://exa mple.org/", false),
        ("file://", false),
        ("file://feeds", false),
        ("javascript:alert(1)", false),
    ])
    func validatesURLs(url: String, accepted: Bool) {
        let yaml = "brands: [A]\nsources:\n  - url: \"\(url)\"\n"
        #expect(errors(yaml).isEmpty == accepted)
    }

    @Test func fileURLsResolveAgainstTheConfigFolder() throws {
        let config = try #require(check("brands: [A]\nsources: [\"file://feeds/acme.xml\"]\n").0)
        #expect(
            config.sources[0].url.path == folder.url.appendingPathComponent("feeds/acme.xml").standardizedFileURL.path)
        let absolute = try #require(check("brands: [A]\nsources: [\"file:///tmp\"]\n").1.first)
        #expect(absolute.message.contains("is a folder"))
    }

    @Test func missingLocalFileIsOnlyAWarning() throws {
        let (configuration, problems) = check("brands: [A]\nsources: [\"file://feeds/later.xml\"]\n")
        #expect(configuration != nil)
        #expect(problems.map(\.severity) == [.warning])
    }

    @Test func duplicateSourceURLIsAWarning() {
        let problems = check(
            """
            brands: [A]
            sources:
              - https://Example.org/feed
              - url: https://example.org/feed/
            """
        ).1
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.path == "sources[1].url")
    }

    @Test func duplicateBrandNamesIgnoreCaseAndAccents() {
        #expect(errors("brands: [Crédit Agricole, CREDIT AGRICOLE]\nsources: []\n") == ["1:27 brands[1].name"])
    }

    @Test func selectorsNeedAnItemAndAnHTMLSource() {
        #expect(
            errors(
                """
                brands: [A]
                sources:
                  - url: https://example.org/
                    kind: rss
                    selectors: {item: article}
                  - url: https://example.org/b
                    selectors: {title: h2}
                """) == ["5:16 sources[0].selectors", "7:16 sources[1].selectors"])
    }

    @Test func badHeadersAreReported() {
        #expect(
            errors(
                """
                brands: [A]
                sources:
                  - url: https://example.org/
                    headers:
                      "Bad Name": x
                      X-Ok: fine
                """) == ["5:7 sources[0].headers"])
    }

    @Test func lexiconFileMustExistAndInlineValencesMustBeNumbers() {
        #expect(errors("brands:\n  - name: A\n    lexicon: lexicons/acme.tsv\n").isEmpty)
        #expect(errors("brands:\n  - name: A\n    lexicon: lexicons/none.tsv\n") == ["3:14 brands[0].lexicon"])
        #expect(errors("brands:\n  - name: A\n    lexicon: {panne: beaucoup}\n") == ["3:22 brands[0].lexicon.panne"])
    }

    @Test func yamlSyntaxErrorsAreProblemsNotCrashes() {
        let problems = check("brands:\n  - name: [A\nsources: []\n").1
        #expect(problems.count == 1)
        #expect(problems[0].message.hasPrefix("YAML syntax"))
        #expect(problems[0].line != nil)
        let duplicate = check("brands: [A]\nbrands: [B]\n").1
        #expect(duplicate.first?.message.contains("duplicate key \"brands\"") == true)
    }

    @Test func emptyOrNonMappingFiles() {
        let (configuration, problems) = check("")
        #expect(configuration != nil)
        #expect(problems.allSatisfy { $0.severity == .warning })
        #expect(errors("- just\n- a list\n") == ["1:1 "])
    }

    @Test func unreadableFileIsOneProblem() throws {
        let missing = folder.url.appendingPathComponent("nope.yaml")
        #expect {
            try Configuration.load(contentsOf: missing)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.count == 1 && error.problems[0].message.contains("does not exist")
        }
    }

    @Test func loadsFromAFile() throws {
        let file = try folder.write("vigie.yaml", "brands: [Acme]\nsources: [file://feeds/acme.xml]\n")
        let config = try Configuration.load(contentsOf: file)
        #expect(config.brands.map(\.name) == ["Acme"])
        #expect(FileManager.default.fileExists(atPath: config.sources[0].url.path))
    }
}

@Suite struct YAMLCommentPitfallTests {
    /// The problems about brands (the test files have no sources, which is a warning of its own).
    private func problems(_ yaml: String) -> [ConfigurationProblem] {
        Configuration.check(yaml: yaml, baseDirectory: FileManager.default.temporaryDirectory).1.filter {
            $0.path.hasPrefix("brands")
        }
    }

    @Test func unquotedHashtagInAQueryIsAWarning() {
        let found = problems("brands:\n  - name: Acme\n    query: acme #acme\nsources: []\n")
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.path == "brands[0].query")
        #expect(found.first?.message.contains("YAML comment") == true)
    }

    @Test func unquotedHashtagTermIsAnErrorWithAHint() {
        let found = problems("brands:\n  - name: Acme\n    terms:\n      - #acme\nsources: []\n")
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.message.contains("quote the value") == true)
    }

    @Test func commentsAfterAValueAreFine() {
        #expect(
            problems("brands:\n  - name: Acme # the brand\n    query: \"acme #acme\" # quoted\nsources: []\n").isEmpty)
    }
}
