import Foundation
import VigieCore

/// Every brand's detector, fed the mentions in the order and at the times the watcher stored them: the one
/// place where arrivals become detector input, for `vigie watch` and `vigie backtest` alike, so that
/// replaying a stored history (with each mention's store time) raises exactly what the live watcher raised.
///
/// Mentions arrive in groups, one per fetch, all stored at the same time `seen`. For each brand of a group:
/// 1. the buckets that ended by `seen` are closed first (their alerts raised at their ends, as the watcher's
///    clock closes them between fetches);
/// 2. the group's mentions are recorded in publication order: a mention of the bucket in progress or of the
///    one before counts in the bucket in progress; an older one arrived after its hour was judged and is not
///    counted (``lateMentions``): a decision is never revised, and a feed's backlog arriving at once must
///    not look like a burst of the current hour. A brand seen for the first time has nothing judged yet:
///    the dated entries its feeds already carry are its first history;
/// 3. when the group brought a negative mention, the bucket in progress is judged at `seen` for an early
///    decision.
///
/// An alert is never raised before the mentions that justify it were stored: one found in a new brand's
/// backlog is raised at `seen`. Between arrivals ``advance(to:)`` only closes the buckets that ended, since
/// the evidence of the bucket in progress can only weaken while nothing arrives.
///
/// ```swift
/// var stream = MentionStream(settings: DetectorSettings())
/// let alerts = stream.receive([.init(brand: "acme", time: published, negative: true)], at: storedAt)
/// let closed = stream.advance(to: now)
/// ```
public struct MentionStream: Sendable {
    /// One stored mention as the detector sees it.
    public struct Arrival: Sendable {
        /// The brand mentioned.
        public var brand: String
        /// When the mention was published, in seconds since 1970 UTC: the bucket it counts in.
        public var time: Int64
        /// Whether it is negative (its score at or under the settings' `negativeThreshold`).
        public var negative: Bool
        /// How an alert would quote it, when the caller has the text.
        public var quote: AlertMention?

        public init(brand: String, time: Int64, negative: Bool, quote: AlertMention? = nil) {
            self.brand = brand
            self.time = time
            self.negative = negative
            self.quote = quote
        }
    }

    /// The settings of every brand's detector (a brand's time zone aside).
    public let settings: DetectorSettings
    /// Brands whose days and weeks are in another time zone than `settings.timeZone`.
    public let timeZones: [String: TimeZone]
    /// Each brand's detector, created at its first mention.
    public private(set) var detectors: [String: IncrementalDetector] = [:]
    /// Per brand, the mentions that arrived after their bucket and the next one were judged (not counted).
    public private(set) var lateMentions: [String: Int] = [:]
    private var lastSeen = Int64.min

    public init(settings: DetectorSettings = DetectorSettings(), timeZones: [String: TimeZone] = [:]) {
        self.settings = settings
        self.timeZones = timeZones
    }

    /// The mentions stored together at `seen` (one fetch), in any order. Calls come in the order the
    /// mentions were stored; a `seen` earlier than the previous call's is taken as that one.
    /// - Returns: the alerts raised, in order.
    public mutating func receive(_ arrivals: [Arrival], at seen: Int64) -> [Alert] {
        var byBrand: [String: [Arrival]] = [:]
        for arrival in arrivals { byBrand[arrival.brand, default: []].append(arrival) }
        var alerts: [Alert] = []
        for brand in byBrand.keys.sorted() {
            alerts += receive(brand: brand, byBrand[brand]!, at: seen)
        }
        return alerts
    }

    /// One brand's mentions stored together at `seen`, in any order (see ``receive(_:at:)``).
    public mutating func receive(brand: String, _ arrivals: [Arrival], at time: Int64) -> [Alert] {
        // Store times are taken in the order given: one earlier than the last is the last.
        let seen = max(time, lastSeen)
        lastSeen = seen
        var alerts: [Alert] = []
        var detector: IncrementalDetector
        if let existing = detectors[brand] {
            detector = existing
            alerts = detector.closeBuckets(endedBy: seen)
        } else {
            detector = IncrementalDetector(brand: brand, settings: settings.forBrand(brand, timeZones: timeZones))
        }
        var found: [Alert] = []
        var negative = false
        let ordered = arrivals.indices.sorted { (arrivals[$0].time, $0) < (arrivals[$1].time, $1) }
        for index in ordered {
            let arrival = arrivals[index]
            guard detector.counts(at: arrival.time) else {
                lateMentions[brand, default: 0] += 1
                continue
            }
            found += detector.record(at: arrival.time, negative: arrival.negative, quote: arrival.quote)
            negative = negative || arrival.negative
        }
        if negative { found += detector.advance(to: seen) }
        detectors[brand] = detector
        for var alert in found {
            alert.raisedAt = max(alert.raisedAt, seen)
            alerts.append(alert)
        }
        return alerts
    }

    /// Tells every brand's detector the time: closes the buckets that ended by `now`.
    /// - Returns: the alerts raised, by brand.
    public mutating func advance(to now: Int64) -> [Alert] {
        var alerts: [Alert] = []
        for brand in detectors.keys.sorted() {
            alerts += detectors[brand]!.closeBuckets(endedBy: now)
        }
        return alerts
    }

    /// Closes every brand's bucket in progress at its end (the end of a replayed history).
    public mutating func finish() -> [Alert] {
        var alerts: [Alert] = []
        for brand in detectors.keys.sorted() {
            guard let open = detectors[brand]!.openBucket else { continue }
            alerts += detectors[brand]!.closeBuckets(endedBy: open.start + settings.bucketSeconds)
        }
        return alerts
    }
}
