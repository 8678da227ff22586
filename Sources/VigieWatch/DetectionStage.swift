import Foundation
import Logging
import ServiceLifecycle
import VigieCore
import VigieDetect
import VigieOutput
import VigieStore

/// The detect stage of the pipeline: judges each brand from the mentions the watcher has just stored, when a
/// bucket closes and early within a bucket when the evidence is already overwhelming, and stores every alert
/// raised (with one outbox delivery per webhook) in one transaction.
///
/// On start (``catchUp()``) the state is rebuilt by replaying the stored mentions of the last ``lookback`` in
/// time order, through the same ``IncrementalDetector`` `vigie backtest` uses: after a restart the detector
/// carries on from the store. Alerts are keyed by brand, kind and bucket, so re-raising one after a restart
/// stores nothing new and delivers nothing twice.
///
/// The pipeline hands it the ids of the mentions each fetch stored (``receive(_:)``). A mention older than
/// the previous bucket (a feed bringing old entries) is history, not news: the state is then rebuilt from
/// the store, so old entries are learnt as history instead of counting in the bucket in progress. Such
/// rebuilds are at most one per ``rebuildSpacing`` (a feed that often brings entries a few hours old would
/// otherwise make every fetch replay weeks of mentions); in between, new mentions are fed as usual and the
/// pending rebuild comes when the spacing has passed. Between fetches, ``run()`` tells the detectors the
/// time every ``interval``, so that buckets close on time when nothing is published.
public actor DetectionStage: Service {
    /// The detector settings (bucket length included).
    private let settings: DetectorSettings
    /// Brands whose days and weeks are in another time zone than `settings.timeZone`.
    private let timeZones: [String: TimeZone]
    private let database: VigieDatabase
    private let sinks: [String]
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let interval: Duration
    private let lookback: Int64
    private let deliverWithin: Int64
    private let onAlert: @Sendable (StoredAlert) -> Void

    private var detectors: [String: IncrementalDetector] = [:]
    private let rebuildSpacing: Int64
    /// The newest mention id the state has seen: ids handed over again after a rebuild are not fed twice.
    private var lastSeenID: Int64 = 0
    private var built = false
    private var lastLateRebuild: Int64?
    private var rebuildPending = false

    /// - Parameters:
    ///   - timeZones: brands whose days and weeks are in another time zone than `settings.timeZone`.
    ///   - sinks: the webhook names each new alert is queued for.
    ///   - interval: how often the detectors are told the time between fetches.
    ///   - lookback: how much stored history the state is rebuilt from (the detector forgets older days).
    ///   - deliverWithin: an alert raised by the replay of history is queued for delivery only when it was
    ///     raised this recently (a crisis of the last hours is still news); older ones are stored, not sent.
    ///   - rebuildSpacing: the shortest time between two rebuilds caused by late mentions.
    ///   - onAlert: called with every alert stored for the first time (the stdout sink).
    public init(
        database: VigieDatabase, settings: DetectorSettings, timeZones: [String: TimeZone] = [:], sinks: [String],
        logger: Logger,
        interval: Duration = .seconds(10), lookback: Duration = .seconds(35 * 86_400),
        deliverWithin: Duration = .seconds(6 * 3600), rebuildSpacing: Duration = .seconds(600),
        clock: @escaping @Sendable () -> Date = { Date() },
        onAlert: @escaping @Sendable (StoredAlert) -> Void = { _ in }
    ) {
        self.database = database
        self.settings = settings
        self.timeZones = timeZones
        self.sinks = sinks
        self.logger = logger
        self.interval = interval
        self.lookback = lookback.components.seconds
        self.deliverWithin = deliverWithin.components.seconds
        self.rebuildSpacing = rebuildSpacing.components.seconds
        self.clock = clock
        self.onAlert = onAlert
    }

    /// Catches up from the store, then tells the detectors the time every ``interval`` until a graceful
    /// shutdown. New mentions come through ``receive(_:)``.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try tick()
            } catch {
                logger.error("alert evaluation failed: \(error)")
            }
            let interval = self.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Rebuilds the state from the stored mentions of the ``lookback`` (the first look after a start).
    /// - Returns: the alerts stored for the first time.
    @discardableResult
    public func catchUp() throws -> [StoredAlert] {
        try rebuild(now: now())
    }

    /// Feeds the mentions just stored (by id), then tells every brand's detector the time.
    /// - Returns: the alerts stored for the first time.
    @discardableResult
    public func receive(_ mentionIDs: [Int64]) throws -> [StoredAlert] {
        let now = now()
        guard built else { return try rebuild(now: now) }
        let seen = lastSeenID
        let ids = mentionIDs.filter { $0 > seen }
        guard !ids.isEmpty else { return try tick(now: now) }
        let length = settings.bucketSeconds
        let since = now.floorDivided(by: length) * length - length
        var fresh: [MentionRow] = []
        try database.forEachMention(MentionFilter(ids: ids)) { row in
            if Int64(row.time.timeIntervalSince1970.rounded(.down)) >= since {
                fresh.append(row)
            } else {
                rebuildPending = true
            }
        }
        lastSeenID = max(lastSeenID, ids.max()!)
        if let rebuilt = try rebuildIfDue(now: now) { return rebuilt }
        var alerts: [Alert] = []
        for row in fresh { alerts += feed(row, now: now) }
        for brand in detectors.keys.sorted() { alerts += detectors[brand]!.advance(to: now) }
        return try store(alerts, now: now)
    }

    /// Tells every brand's detector the time (closing the buckets that ended), after a pending rebuild if
    /// its spacing has passed.
    /// - Returns: the alerts stored for the first time.
    @discardableResult
    public func tick() throws -> [StoredAlert] {
        let now = now()
        guard built else { return try rebuild(now: now) }
        return try tick(now: now)
    }

    private func tick(now: Int64) throws -> [StoredAlert] {
        if let rebuilt = try rebuildIfDue(now: now) { return rebuilt }
        var alerts: [Alert] = []
        for brand in detectors.keys.sorted() { alerts += detectors[brand]!.advance(to: now) }
        return try store(alerts, now: now)
    }

    private func now() -> Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    private func rebuildIfDue(now: Int64) throws -> [StoredAlert]? {
        guard rebuildPending, lastLateRebuild.map({ now - $0 >= rebuildSpacing }) ?? true else { return nil }
        logger.debug("mentions older than the bucket in progress were stored: rebuilding the detector state")
        lastLateRebuild = now
        return try rebuild(now: now)
    }

    /// Replays the stored mentions of the lookback period into fresh detectors.
    private func rebuild(now: Int64) throws -> [StoredAlert] {
        detectors = [:]
        let start = Date(timeIntervalSince1970: TimeInterval(now - lookback))
        var alerts: [Alert] = []
        var newest = lastSeenID
        var count = 0
        try database.forEachMention(MentionFilter(since: start)) { row in
            newest = max(newest, row.id)
            count += 1
            alerts += feed(row, now: now)
        }
        for brand in detectors.keys.sorted() { alerts += detectors[brand]!.advance(to: now) }
        lastSeenID = newest
        built = true
        rebuildPending = false
        logger.debug("detector state rebuilt from \(count) stored mentions")
        return try store(alerts, now: now)
    }

    private func feed(_ row: MentionRow, now: Int64) -> [Alert] {
        let time = Int64(row.time.timeIntervalSince1970.rounded(.down))
        var detector =
            detectors[row.brand]
            ?? IncrementalDetector(brand: row.brand, settings: settings.forBrand(row.brand, timeZones: timeZones))
        let quote = AlertMention(
            text: [row.title, row.text].compactMap { $0 }.filter { !$0.isEmpty }.first ?? "",
            source: row.sourceName.isEmpty ? row.sourceURL : row.sourceName, link: row.link, score: row.score,
            terms: row.topTerms, publishedAt: time)
        var alerts = detector.record(at: time, score: row.score, quote: quote)
        if row.score <= settings.negativeThreshold, time <= now { alerts += detector.advance(to: time) }
        detectors[row.brand] = detector
        return alerts
    }

    private func store(_ alerts: [Alert], now: Int64) throws -> [StoredAlert] {
        var stored: [StoredAlert] = []
        for alert in alerts {
            var row = StoredAlert(alert, bucketSeconds: settings.bucketSeconds)
            let deliver = alert.raisedAt >= now - deliverWithin
            guard let id = try database.insertAlert(row, sinks: deliver ? sinks : []) else { continue }
            row.id = id
            stored.append(row)
            if deliver {
                logger.notice("alert: \(AlertText.line(row))")
                onAlert(row)
            }
        }
        return stored
    }
}
