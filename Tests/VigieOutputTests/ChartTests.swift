import Foundation
import Testing
import VigieCore
import VigieStore

@testable import VigieOutput

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG chart's structure: well-formed, axes, one bar group per bucket, markers at alert buckets.
@Suite struct ChartTests {
    typealias Story = ExportFixtures.Story

    /// What an XML reader finds in the SVG: elements by class, with their attributes and panel.
    final class Structure: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], panel: String?)] = []
        var texts: [String] = []
        private var panel: String?
        private var depthOfPanel: Int?
        private var depth = 0
        private var inText = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            depth += 1
            if attributes["class"] == "panel" {
                panel = attributes["data-brand"]
                depthOfPanel = depth
            }
            elements.append((name, attributes, panel))
            inText = name == "text"
            if inText { texts.append("") }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { texts[texts.count - 1] += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if depth == depthOfPanel {
                panel = nil
                depthOfPanel = nil
            }
            depth -= 1
            inText = false
        }

        func elements(class name: String, panel: String? = nil) -> [[String: String]] {
            elements.filter { $0.attributes["class"] == name && (panel == nil || $0.panel == panel) }.map(\.attributes)
        }
    }

    static func parse(_ svg: String) throws -> Structure {
        let structure = Structure()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = structure
        let parsed = parser.parse()
        #expect(parsed, "the SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return structure
    }

    static func report() async throws -> (TimelineReport, VigieDatabase) {
        let monday = ExportFixtures.date("2026-03-23T09:00:00+01:00")
        var stories: [Story] = []
        for day in 0..<10 where day != 4 {
            for index in 0..<(day == 6 ? 9 : 3) {
                let label: Sentiment.Label = day == 6 || index == 0 ? .negative : index == 1 ? .neutral : .positive
                stories.append(
                    Story(
                        brand: "Cerise", time: monday.addingTimeInterval(Double(day * 86_400 + index * 600)),
                        label: label, score: label == .negative ? -0.6 : label == .positive ? 0.5 : 0,
                        title: "Cerise <day \(day)> & co"))
            }
        }
        stories.append(Story(brand: "Nordane \"Bank\"", time: monday, label: .positive, score: 0.4))
        let database = try ExportFixtures.database(stories)
        try database.insertAlert(
            ExportFixtures.alert("Cerise", .critical, at: monday.addingTimeInterval(6 * 86_400)), sinks: [])
        try database.insertAlert(
            ExportFixtures.alert("Cerise", .warning, at: monday.addingTimeInterval(7 * 86_400)), sinks: [])
        let report = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Cerise", "Nordane \"Bank\""], width: .day,
            timeZone: ExportFixtures.zone("Europe/Paris"))
        return (report, database)
    }

    @Test func oneBarGroupPerBucketPerBrand() async throws {
        let (report, _) = try await Self.report()
        #expect(report.bucketStarts.count == 10)
        let structure = try Self.parse(TimelineChart().svg(report))
        #expect(structure.elements.first?.name == "svg")
        #expect(structure.elements(class: "panel").map { $0["data-brand"] } == ["Cerise", "Nordane \"Bank\""])
        for brand in report.brands {
            let groups = structure.elements(class: "bucket", panel: brand)
            #expect(groups.count == report.bucketStarts.count)
            #expect(groups.map { Int($0["data-mentions"] ?? "") } == report.rows(of: brand).map(\.mentions))
        }
        // Stacked bars: one rect per non-zero label.
        let cerise = report.rows(of: "Cerise")
        #expect(structure.elements(class: "negative", panel: "Cerise").count == cerise.filter { $0.negative > 0 }.count)
        #expect(structure.elements(class: "positive", panel: "Cerise").count == cerise.filter { $0.positive > 0 }.count)
        // The empty day (the fifth) has a group and no bar.
        #expect(cerise[cerise.startIndex + 4].mentions == 0)
    }

    @Test func axesLegendAndTitle() async throws {
        let (report, _) = try await Self.report()
        let structure = try Self.parse(TimelineChart().svg(report))
        for brand in report.brands {
            #expect(structure.elements(class: "axis x", panel: brand).count == 1)
            #expect(structure.elements(class: "axis y-count", panel: brand).count == 1)
            #expect(structure.elements(class: "axis y-score", panel: brand).count == 1)
            #expect(structure.elements(class: "mean-score", panel: brand).count == 1)
        }
        #expect(structure.elements(class: "legend").count == 1)
        #expect(structure.texts.contains { $0.hasPrefix("Sentiment timeline: Cerise, Nordane \"Bank\"") })
        #expect(structure.texts.contains("Mon 23 Mar 2026 – Wed 1 Apr 2026, daily buckets, Europe/Paris"))
        #expect(structure.texts.contains("mean score"))
        #expect(structure.texts.contains("Mon 23 Mar"))
        // The count axis reaches at least the biggest bucket (9 mentions).
        let ticks = structure.elements.filter { $0.attributes["class"] == "tick" && $0.panel == "Cerise" }
        #expect(!ticks.isEmpty)
    }

    @Test func markersSitOnAlertBuckets() async throws {
        let (report, _) = try await Self.report()
        let structure = try Self.parse(TimelineChart().svg(report))
        let markers = structure.elements(class: "alert-marker", panel: "Cerise")
        #expect(markers.map { $0["data-start"] ?? "" } == ["2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"])
        #expect(markers.map { $0["data-severity"] ?? "" } == ["critical", "warning"])
        #expect(structure.elements(class: "alert-marker", panel: "Nordane \"Bank\"").isEmpty)
        // Each marker is centred over its bucket's bar.
        let groups = structure.elements(class: "bucket", panel: "Cerise")
        let alerted = groups.filter { group in markers.contains { $0["data-start"] == group["data-start"] } }
        #expect(alerted.count == 2)
    }

    @Test func aReportWithNoBucketStillDraws() async throws {
        let database = try ExportFixtures.database([])
        let report = try await TimelineReport.load(
            from: database, filter: MentionFilter(), brands: ["Cerise"], width: .week, timeZone: .gmt)
        #expect(report.bucketStarts.isEmpty)
        let structure = try Self.parse(TimelineChart().svg(report))
        #expect(structure.elements(class: "bucket").isEmpty)
        #expect(structure.texts.contains("no mention in this period"))
    }
}

/// Chart numbers: at most two decimals, no trailing zeros, as `String(format: "%.2f")` trimmed would write them.
@Suite struct SVGNumberTests {
    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    @Test func numbersAreWrittenWithAtMostTwoDecimals() {
        #expect(SVGText.format(12) == "12")
        #expect(SVGText.format(-0.5) == "-0.5")
        #expect(SVGText.format(0.05) == "0.05")
        #expect(SVGText.format(-0.004) == "0")
        #expect(SVGText.format(1_234.999) == "1235")
        #expect(SVGText.format(-7.071) == "-7.07")
        // Arithmetic spreading over signs, magnitudes and every hundredth.
        for index in 0..<20_000 {
            let value = Double(index * 7_919 % 200_003 - 100_001) / Double([1, 7, 100, 1_000, 3][index % 5])
            #expect(SVGText.format(value) == Self.trimmed(value), "\(value)")
        }
    }
}
