/// One setting of ``DetectorSettings`` that a user may change, by its name in
/// vigie.yaml (`alerts: detector:`), with its allowed range.
///
/// The one list of tunable settings: the configuration reader checks each value
/// against its range while reading (so `vigie config check` reports it with its
/// line), and applies it to the defaults.
///
/// ```swift
/// let setting = DetectorSetting.named["false_alarm_probability"]!
/// if let problem = setting.problem(with: 2) { print(problem) }  // "must be strictly between 0 and 1, got 2"
/// var settings = DetectorSettings()
/// setting.apply(1e-4, to: &settings)
/// ```
public struct DetectorSetting: Sendable {
    /// The name in vigie.yaml, such as `false_alarm_probability`.
    public let name: String
    /// Whether only whole numbers are meaningful (bucket and mention counts).
    public let isWhole: Bool
    /// The smallest allowed value, and whether it is allowed itself.
    public let lower: (value: Double, inclusive: Bool)?
    /// The largest allowed value, and whether it is allowed itself.
    public let upper: (value: Double, inclusive: Bool)?
    private let write: @Sendable (inout DetectorSettings, Double) -> Void

    init(
        _ name: String, whole: Bool = false, lower: (Double, Bool)? = nil, upper: (Double, Bool)? = nil,
        _ write: @escaping @Sendable (inout DetectorSettings, Double) -> Void
    ) {
        self.name = name
        self.isWhole = whole
        self.lower = lower.map { (value: $0.0, inclusive: $0.1) }
        self.upper = upper.map { (value: $0.0, inclusive: $0.1) }
        self.write = write
    }

    /// The allowed values in words: "strictly between 0 and 1", "a whole number of at least 1".
    public var allowed: String {
        let kind = isWhole ? "a whole number" : "a number"
        switch (lower, upper) {
        case (let low?, let high?):
            if !low.inclusive && !high.inclusive {
                return "\(kind) strictly between \(Self.text(low.value)) and \(Self.text(high.value))"
            }
            let open = low.inclusive ? "[" : "("
            let close = high.inclusive ? "]" : ")"
            return "\(kind) in \(open)\(Self.text(low.value)), \(Self.text(high.value))\(close)"
        case (let low?, nil):
            return "\(kind) \(low.inclusive ? "of at least" : "greater than") \(Self.text(low.value))"
        case (nil, let high?):
            return "\(kind) \(high.inclusive ? "of at most" : "less than") \(Self.text(high.value))"
        case (nil, nil):
            return kind
        }
    }

    /// Why `value` is not allowed, or `nil` when it is.
    public func problem(with value: Double) -> String? {
        var fits = value.isFinite
        if let lower { fits = fits && (lower.inclusive ? value >= lower.value : value > lower.value) }
        if let upper { fits = fits && (upper.inclusive ? value <= upper.value : value < upper.value) }
        if isWhole { fits = fits && value.rounded() == value && abs(value) < 1e15 }
        return fits ? nil : "must be \(allowed), got \(Self.text(value))"
    }

    /// Sets this setting of `settings` to `value` (a value ``problem(with:)`` accepts).
    public func apply(_ value: Double, to settings: inout DetectorSettings) {
        write(&settings, value)
    }

    private static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Every tunable setting, in the order of docs/DETECTION.md.
    public static let all: [DetectorSetting] = [
        .init("negative_threshold", lower: (-1, true), upper: (1, true)) { $0.negativeThreshold = $1 },
        .init("false_alarm_probability", lower: (0, false), upper: (1, false)) { $0.falseAlarmProbability = $1 },
        .init("confirming_probability", lower: (0, false), upper: (1, false)) { $0.confirmingProbability = $1 },
        .init("count_false_alarm_probability", lower: (0, false), upper: (1, false)) {
            $0.countFalseAlarmProbability = $1
        },
        .init("count_test_minimum_mentions", whole: true, lower: (0, true)) { $0.countTestMinimumMentions = Int($1) },
        .init("early_false_alarm_probability", lower: (0, false), upper: (1, false)) {
            $0.earlyFalseAlarmProbability = $1
        },
        .init("cumulative_threshold", lower: (0, true)) { $0.cumulativeThreshold = $1 },
        .init("cold_start_negatives", whole: true, lower: (0, true)) { $0.coldStartNegatives = Int($1) },
        .init("cold_start_share", lower: (0, false), upper: (1, true)) { $0.coldStartShare = $1 },
        .init("minimum_negatives", whole: true, lower: (1, true)) { $0.minimumNegatives = Int($1) },
        .init("minimum_excess_negatives", lower: (0, true)) { $0.minimumExcessNegatives = $1 },
        .init("minimum_baseline_ratio", lower: (1, true)) { $0.minimumBaselineRatio = $1 },
        .init("share_history_buckets", whole: true, lower: (24, true)) { $0.shareHistoryBuckets = Int($1) },
        .init("warmup_buckets", whole: true, lower: (0, true)) { $0.warmupBuckets = Int($1) },
        .init("warmup_minimum_mentions", whole: true, lower: (0, true)) { $0.warmupMinimumMentions = Int($1) },
        .init("missing_data_expected_mentions", lower: (0, true)) { $0.missingDataExpectedMentions = $1 },
        .init("surge_cap", lower: (1, true)) { $0.surgeCap = $1 },
        .init("resolve_after_quiet_buckets", whole: true, lower: (1, true)) { $0.resolveAfterQuietBuckets = Int($1) },
        .init("cooldown_buckets", whole: true, lower: (0, true)) { $0.cooldownBuckets = Int($1) },
        .init("maximum_incident_buckets", whole: true, lower: (1, true)) { $0.maximumIncidentBuckets = Int($1) },
        .init("critical_baseline_ratio", lower: (1, true)) { $0.criticalBaselineRatio = $1 },
        .init("critical_minimum_excess", lower: (0, true)) { $0.criticalMinimumExcess = $1 },
        .init("evidence_mentions", whole: true, lower: (0, true)) { $0.evidenceMentions = Int($1) },
    ]

    /// ``all`` by name.
    public static let named: [String: DetectorSetting] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })
}

extension DetectorSettings {
    /// Sets the setting named `name` (as in vigie.yaml's `alerts: detector:`) to `value`, checked against
    /// its range; returns what is wrong instead when the name is unknown or the value out of range.
    ///
    /// The one place `vigie backtest --set` and `vigie serve`'s backtest form change a setting.
    public mutating func set(_ name: String, to value: Double) -> String? {
        guard let setting = DetectorSetting.named[name] else {
            return "unknown detector setting \(name); the settings are "
                + DetectorSetting.all.map(\.name).joined(separator: ", ")
        }
        if let problem = setting.problem(with: value) { return "\(setting.name) \(problem)" }
        setting.apply(value, to: &self)
        return nil
    }
}
