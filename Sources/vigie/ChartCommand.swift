import ArgumentParser
import Foundation
import VigieOutput
import VigieStore

/// `vigie chart`: the sentiment timeline as an SVG picture.
struct ChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw the sentiment timeline as an SVG chart.",
        discussion: """
            One panel per brand (small multiples, one under the other, same time axis): the \
            mentions of each bucket as a bar stacked by sentiment (negative at the bottom, \
            neutral, positive), the mean score as a line on its own axis on the right (-1 to \
            +1, broken where a bucket has no mention), and a triangle with a shaded band over \
            each bucket where an alert was raised (orange: warning, dark red: critical). The \
            title gives the brands and the period; hovering a bar in a browser shows its figures.

            The SVG is self-contained (no script, no CSS, no external font or image): it \
            renders alike in a browser, LibreOffice and rsvg-convert. vigie does not write \
            PNG itself; convert the SVG when you need one:
              rsvg-convert -o timeline.png timeline.svg      (Debian: librsvg2-bin)

            Buckets and the period follow the same rules as `vigie export timeline`.

            Examples:
              vigie chart --config vigie.yaml --since 7d --tz Europe/Paris -o week.svg
              vigie chart --brand Cerise --bucket hour --since 48h -o cerise.svg
            """
    )

    @OptionGroup var filters: ExportOptions

    @Option(name: [.short, .customLong("output")], help: "Write the SVG to this file (default: stdout).")
    var output: String?

    func validate() throws {
        if let output, output.lowercased().hasSuffix(".png") {
            throw ValidationError(
                "vigie chart writes SVG only; write timeline.svg and convert it: rsvg-convert -o timeline.png timeline.svg"
            )
        }
    }

    func run() async throws {
        let report = try await filters.timeline(command: "chart").report
        let destination = try ExportDestination(path: output, command: "chart")
        destination.write(TimelineChart().svg(report))
        try destination.commit(command: "chart")
        if let output {
            StandardError.print(
                "vigie chart: \(report.brands.count) brand\(report.brands.count == 1 ? "" : "s") × \(report.bucketStarts.count) buckets drawn to \(output)"
            )
        }
    }
}
