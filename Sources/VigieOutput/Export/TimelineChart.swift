import Foundation
import VigieCore
import VigieStore

/// Draws a ``TimelineReport`` as a self-contained SVG: per brand (small
/// multiples, one panel under the other) the mention volume per bucket stacked
/// by sentiment, the mean score as a line on its own axis (right, −1…1), alert
/// markers over the buckets where alerts were raised, a time axis and a legend.
///
/// The SVG uses plain presentation attributes (no CSS, no script, no external
/// font or image), so browsers, LibreOffice and `rsvg-convert` draw it alike.
/// Elements carry `class` and `data-*` attributes that name what they show
/// (`bucket`, `alert-marker`, `axis x`…), for tools and tests.
public struct TimelineChart: Sendable {
    /// The drawing's width in pixels.
    public var width = 1000.0
    /// The height of one brand's plot area.
    public var plotHeight = 190.0
    /// Where a click on a bucket leads (the dashboard's mentions of that bucket), or `nil` for a picture
    /// without links (files). Each bucket's column, from the axis to the top of the plot, is the link.
    public var bucketLink: (@Sendable (TimelineRow) -> String)?

    /// Colours, chosen to stay distinct for the common colour-vision deficiencies.
    static let negativeColour = "#d1495b"
    static let neutralColour = "#b8b8b8"
    static let positiveColour = "#2e9e6a"
    static let scoreColour = "#1f3f8f"
    static let warningColour = "#f08c00"
    static let criticalColour = "#7a0019"

    /// A chart with the default size.
    public init() {}

    /// The SVG text of `report`.
    public func svg(_ report: TimelineReport) -> String {
        var svg = SVGText()
        let left = 70.0
        let right = 70.0
        let headerHeight = 78.0
        let panelTop = 34.0
        let panelBottom = 46.0
        let panelHeight = panelTop + plotHeight + panelBottom
        let brandCount = max(report.brands.count, 1)
        let height = headerHeight + Double(brandCount) * panelHeight + 10
        let font = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
        let labels = TimeLabels(width: report.width, timeZone: report.timeZone)

        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"), ("width", svg.number(width)),
                ("height", svg.number(height)), ("viewBox", "0 0 \(svg.number(width)) \(svg.number(height))"),
                ("font-family", font), ("font-size", "12"),
            ])
        svg.element(
            "rect",
            [("x", "0"), ("y", "0"), ("width", svg.number(width)), ("height", svg.number(height)), ("fill", "#ffffff")])

        // Title: brands and period.
        var brandsText = report.brands.isEmpty ? "no brand" : report.brands.joined(separator: ", ")
        // A long list would run off the picture: the panels name each brand anyway.
        if brandsText.count > 70 { brandsText = "\(report.brands.count) brands" }
        let period: String
        if let first = report.bucketStarts.first, let last = report.bucketStarts.last {
            period =
                "\(labels.long(first)) – \(labels.long(last)), \(report.width.adjective) buckets, \(report.timeZone.identifier)"
        } else {
            period = "no period"
        }
        svg.text(
            "Sentiment timeline: \(brandsText)", x: 20, y: 26,
            [("font-size", "18"), ("font-weight", "bold"), ("class", "title")])
        svg.text(period, x: 20, y: 46, [("font-size", "13"), ("fill", "#444444"), ("class", "period")])

        // Legend.
        svg.open("g", [("class", "legend"), ("transform", "translate(20,58)")])
        var x = 0.0
        for (name, colour) in [
            ("negative", Self.negativeColour), ("neutral", Self.neutralColour), ("positive", Self.positiveColour),
        ] {
            svg.element(
                "rect", [("x", svg.number(x)), ("y", "0"), ("width", "12"), ("height", "12"), ("fill", colour)])
            svg.text("\(name) mentions", x: x + 17, y: 10.5, [])
            x += 135
        }
        svg.element(
            "line",
            [
                ("x1", svg.number(x)), ("y1", "6"), ("x2", svg.number(x + 22)), ("y2", "6"),
                ("stroke", Self.scoreColour), ("stroke-width", "2"),
            ])
        svg.text("mean score (right axis)", x: x + 27, y: 10.5, [])
        x += 175
        svg.element("path", [("d", Self.marker(x: x + 6, top: 0)), ("fill", Self.warningColour)])
        svg.text("warning alert", x: x + 17, y: 10.5, [])
        x += 105
        svg.element("path", [("d", Self.marker(x: x + 6, top: 0)), ("fill", Self.criticalColour)])
        svg.text("critical alert", x: x + 17, y: 10.5, [])
        svg.close("g")

        let plotLeft = left
        let plotRight = width - right
        let plotWidth = plotRight - plotLeft
        let count = report.bucketStarts.count
        let slot = count > 0 ? plotWidth / Double(count) : plotWidth
        let barWidth = max(slot * 0.8, min(slot, 0.5))
        let labelStep = TimeLabels.step(count: count, slotWidth: slot)
        var stamp = ExportTimestamp(timeZone: report.timeZone)

        for (brandIndex, brand) in report.brands.enumerated() {
            let rows = report.rows(of: brand)
            let top = headerHeight + Double(brandIndex) * panelHeight
            let plotTop = panelTop
            let plotBottom = panelTop + plotHeight
            let total = rows.reduce(0) { $0 + $1.mentions }
            let negative = rows.reduce(0) { $0 + $1.negative }
            let alerts = rows.filter { $0.alert != nil }.count
            let maximum = rows.map(\.mentions).max() ?? 0
            let (countTop, countStep) = Self.niceScale(maximum)
            func yCount(_ value: Double) -> Double { plotBottom - value / countTop * plotHeight }
            func yScore(_ value: Double) -> Double { plotBottom - (value + 1) / 2 * plotHeight }
            func xCentre(_ index: Int) -> Double { plotLeft + (Double(index) + 0.5) * slot }

            svg.open(
                "g", [("class", "panel"), ("data-brand", brand), ("transform", "translate(0,\(svg.number(top)))")])
            svg.text(
                "\(brand): \(total) mention\(total == 1 ? "" : "s"), \(negative) negative, \(alerts) bucket\(alerts == 1 ? "" : "s") with alerts",
                x: plotLeft, y: 20, [("font-size", "14"), ("font-weight", "bold"), ("class", "panel-title")])

            // Alert bands behind everything.
            for (index, row) in rows.enumerated() where row.alert != nil {
                svg.element(
                    "rect",
                    [
                        ("class", "alert-band"), ("x", svg.number(plotLeft + Double(index) * slot)),
                        ("y", svg.number(plotTop)),
                        ("width", svg.number(max(slot, 1))), ("height", svg.number(plotHeight)),
                        ("fill", row.alert == .critical ? "#f6d5da" : "#fde8c8"),
                    ])
            }

            // Count axis (left) with grid lines.
            svg.open("g", [("class", "axis y-count")])
            var tick = 0.0
            while tick <= countTop + countStep / 2 {
                let y = yCount(tick)
                svg.element(
                    "line",
                    [
                        ("x1", svg.number(plotLeft)), ("y1", svg.number(y)), ("x2", svg.number(plotRight)),
                        ("y2", svg.number(y)), ("stroke", "#e4e4e4"), ("stroke-width", "1"),
                    ])
                svg.text(svg.number(tick), x: plotLeft - 6, y: y + 4, [("text-anchor", "end"), ("class", "tick")])
                tick += countStep
            }
            svg.element(
                "line",
                [
                    ("x1", svg.number(plotLeft)), ("y1", svg.number(plotTop)), ("x2", svg.number(plotLeft)),
                    ("y2", svg.number(plotBottom)), ("stroke", "#555555"),
                ])
            svg.text(
                "mentions", x: 0, y: 0,
                [
                    ("text-anchor", "middle"), ("fill", "#444444"),
                    (
                        "transform",
                        "translate(\(svg.number(plotLeft - 48)),\(svg.number(plotTop + plotHeight / 2))) rotate(-90)"
                    ),
                ])
            svg.close("g")

            // Score axis (right).
            svg.open("g", [("class", "axis y-score")])
            svg.element(
                "line",
                [
                    ("x1", svg.number(plotRight)), ("y1", svg.number(plotTop)), ("x2", svg.number(plotRight)),
                    ("y2", svg.number(plotBottom)), ("stroke", Self.scoreColour),
                ])
            for value in [-1.0, -0.5, 0, 0.5, 1] {
                let y = yScore(value)
                svg.element(
                    "line",
                    [
                        ("x1", svg.number(plotRight)), ("y1", svg.number(y)), ("x2", svg.number(plotRight + 4)),
                        ("y2", svg.number(y)), ("stroke", Self.scoreColour),
                    ])
                svg.text(
                    value == 0 ? "0" : String(format: "%+.1f", value), x: plotRight + 7, y: y + 4,
                    [("fill", Self.scoreColour), ("class", "tick")])
            }
            svg.text(
                "mean score", x: 0, y: 0,
                [
                    ("text-anchor", "middle"), ("fill", Self.scoreColour),
                    (
                        "transform",
                        "translate(\(svg.number(plotRight + 50)),\(svg.number(plotTop + plotHeight / 2))) rotate(90)"
                    ),
                ])
            svg.close("g")

            // Bars: one group per bucket, stacked negative (bottom), neutral, positive.
            svg.open("g", [("class", "bars")])
            for (index, row) in rows.enumerated() {
                let start = stamp.string(row.start)
                if let bucketLink {
                    svg.open("a", [("href", bucketLink(row)), ("class", "bucket-link")])
                }
                svg.open("g", [("class", "bucket"), ("data-start", start), ("data-mentions", String(row.mentions))])
                if bucketLink != nil {
                    // The whole column answers a click, however short its bar.
                    svg.element(
                        "rect",
                        [
                            ("class", "hit"), ("x", svg.number(plotLeft + Double(index) * slot)),
                            ("y", svg.number(plotTop)), ("width", svg.number(max(slot, 1))),
                            ("height", svg.number(plotHeight)), ("fill", "transparent"),
                        ])
                }
                var score = ""
                if let mean = row.meanScore { score = String(format: ", mean score %+.2f", mean) }
                svg.element(
                    "title", [],
                    content:
                        "\(labels.long(row.start)): \(row.mentions) mentions (\(row.negative) negative, \(row.neutral) neutral, \(row.positive) positive)\(score)\(row.alert.map { ", \($0) alert" } ?? "")"
                )
                var base = 0.0
                for (value, colour, label) in [
                    (row.negative, Self.negativeColour, "negative"), (row.neutral, Self.neutralColour, "neutral"),
                    (row.positive, Self.positiveColour, "positive"),
                ] where value > 0 {
                    let y0 = yCount(base)
                    let y1 = yCount(base + Double(value))
                    svg.element(
                        "rect",
                        [
                            ("class", label), ("x", svg.number(xCentre(index) - barWidth / 2)), ("y", svg.number(y1)),
                            ("width", svg.number(barWidth)), ("height", svg.number(y0 - y1)), ("fill", colour),
                        ])
                    base += Double(value)
                }
                svg.close("g")
                if bucketLink != nil { svg.close("a") }
            }
            svg.close("g")

            // Mean score line, broken where a bucket has no mention.
            var path = ""
            var previous = false
            var dots: [(Double, Double)] = []
            for (index, row) in rows.enumerated() {
                guard let mean = row.meanScore else {
                    previous = false
                    continue
                }
                let point = (xCentre(index), yScore(mean))
                path += "\(previous ? "L" : "M")\(svg.number(point.0)) \(svg.number(point.1)) "
                dots.append(point)
                previous = true
            }
            svg.open("g", [("class", "mean-score")])
            if !path.isEmpty {
                svg.element(
                    "path",
                    [
                        ("d", String(path.dropLast())), ("fill", "none"), ("stroke", Self.scoreColour),
                        ("stroke-width", "2"), ("stroke-linejoin", "round"),
                    ])
            }
            if dots.count <= 400 {
                for dot in dots {
                    svg.element(
                        "circle",
                        [
                            ("cx", svg.number(dot.0)), ("cy", svg.number(dot.1)), ("r", "2.5"),
                            ("fill", Self.scoreColour),
                        ])
                }
            }
            svg.close("g")

            // Alert markers: a triangle pointing down at the top of the bucket.
            svg.open("g", [("class", "alerts")])
            for (index, row) in rows.enumerated() {
                guard let severity = row.alert else { continue }
                svg.element(
                    "path",
                    [
                        ("class", "alert-marker"), ("data-start", stamp.string(row.start)),
                        ("data-severity", severity.rawValue),
                        ("d", Self.marker(x: xCentre(index), top: plotTop - 13)),
                        ("fill", severity == .critical ? Self.criticalColour : Self.warningColour),
                    ])
            }
            svg.close("g")

            // Time axis.
            svg.open("g", [("class", "axis x")])
            svg.element(
                "line",
                [
                    ("x1", svg.number(plotLeft)), ("y1", svg.number(plotBottom)), ("x2", svg.number(plotRight)),
                    ("y2", svg.number(plotBottom)), ("stroke", "#555555"),
                ])
            for (index, start) in report.bucketStarts.enumerated() where index % labelStep == 0 {
                let x = xCentre(index)
                svg.element(
                    "line",
                    [
                        ("x1", svg.number(x)), ("y1", svg.number(plotBottom)), ("x2", svg.number(x)),
                        ("y2", svg.number(plotBottom + 5)), ("stroke", "#555555"),
                    ])
                svg.text(labels.short(start), x: x, y: plotBottom + 18, [("text-anchor", "middle"), ("class", "tick")])
            }
            if count == 0 {
                svg.text(
                    "no mention in this period", x: plotLeft + plotWidth / 2, y: plotTop + plotHeight / 2,
                    [("text-anchor", "middle"), ("fill", "#777777")])
            }
            svg.close("g")
            svg.close("g")
        }
        svg.close("svg")
        return svg.document
    }

    /// A round maximum for the count axis and the step between its ticks (4 or 5 ticks).
    static func niceScale(_ maximum: Int) -> (top: Double, step: Double) {
        guard maximum > 0 else { return (1, 1) }
        let raw = Double(maximum) / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let roundedStep = max(step.rounded(.up), 1)
        return ((Double(maximum) / roundedStep).rounded(.up) * roundedStep, roundedStep)
    }

    /// A downward triangle 12 px wide whose top edge is at `top`.
    static func marker(x: Double, top: Double) -> String {
        "M\(SVGText.format(x - 6)) \(SVGText.format(top)) L\(SVGText.format(x + 6)) \(SVGText.format(top)) L\(SVGText.format(x)) \(SVGText.format(top + 11)) Z"
    }
}

extension TimelineBucket.Width {
    /// "hourly", "daily", "weekly".
    var adjective: String {
        switch self {
        case .hour: "hourly"
        case .day: "daily"
        case .week: "weekly"
        }
    }
}
