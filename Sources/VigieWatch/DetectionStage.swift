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
/// The decisions are those of a ``MentionStream`` fed the stored mentions in the order they were stored, each
/// fetch's at its store time: the same function `vigie backtest` runs on a history with its `seen` column, so
/// that replaying the store raises what the watcher raised, with the same keys, times and counts. On start
/// (``catchUp()``) the stream is rebuilt by replaying the stored mentions of the last ``lookback`` that way;
/// alerts are keyed by brand, kind and bucket, so re-raising one after a restart stores nothing new and
/// delivers nothing twice. After each fetch (``receive(_:)``) and every ``interval`` (``run()``, so that buckets
/// close on time when nothing is published), the stage reads the mentions committed since its watermark
/// (``AlertStore/mentionsForDetector(after:since:)``): those of this process's fetches on SQLite, those of
/// every worker's on PostgreSQL, where the stage runs in the worker that holds the leader lease and its alert
/// writes are fenced by that lease's term (``lead(_:)``).
public actor DetectionStage: Service {
    /// The detector settings (bucket length included).
    private let settings: DetectorSettings
    /// Brands whose days and weeks are in another time zone than `settings.timeZone`.
    private let timeZones: [String: TimeZone]
    private let database: any AlertStore
    private let sinks: [String]
    /// The configured brands, whose detectors' readiness is logged at start.
    private let brands: [String]
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let interval: Duration
    private let lookback: Int64
    private let deliverWithin: Int64
    private let onAlert: @Sendable (StoredAlert) -> Void

    private var stream: MentionStream
    /// How far the stream has read the store: mentions handed over again after a rebuild are not fed twice.
    private var watermark: MentionWatermark?
    /// The leader lease the alert writes are fenced by (PostgreSQL); `nil` writes unfenced.
    private var leader: LeaderLease?
    private var built = false
    private var reportedLate: [String: Int] = [:]
    private var announced = false

    /// - Parameters:
    ///   - timeZones: brands whose days and weeks are in another time zone than `settings.timeZone`.
    ///   - sinks: the webhook names each new alert is queued for.
    ///   - brands: the configured brands: the first catch-up says, for each, whether its detector is warm and
    ///     which rule applies meanwhile.
    ///   - interval: how often the detectors are told the time between fetches.
    ///   - lookback: how much stored history the state is rebuilt from (the detector forgets older days).
    ///   - deliverWithin: an alert is queued for delivery only when it was raised, and its bucket started,
    ///     this recently (a crisis of the last hours is still news); older ones are stored, not sent.
    ///   - onAlert: called with every alert stored for the first time (the stdout sink).
    public init(
        database: any AlertStore, settings: DetectorSettings, timeZones: [String: TimeZone] = [:], sinks: [String],
        brands: [String] = [], logger: Logger,
        interval: Duration = .seconds(10), lookback: Duration = .seconds(35 * 86_400),
        deliverWithin: Duration = .seconds(6 * 3600),
        clock: @escaping @Sendable () -> Date = { Date() },
        onAlert: @escaping @Sendable (StoredAlert) -> Void = { _ in }
    ) {
        self.database = database
        self.settings = settings
        self.timeZones = timeZones
        self.sinks = sinks
        self.brands = brands
        self.logger = logger
        self.interval = interval
        self.lookback = lookback.components.seconds
        self.deliverWithin = deliverWithin.components.seconds
        self.clock = clock
        self.onAlert = onAlert
        self.stream = MentionStream(settings: settings, timeZones: timeZones)
    }

    /// Catches up from the store, then tells the detectors the time every ``interval`` until a graceful
    /// shutdown. New mentions come through ``receive(_:)``.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await tick()
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
    public func catchUp() async throws -> [StoredAlert] {
        try await rebuild(now: now())
    }

    /// Fences the alert writes from now on by `lease` (the leader's, renewed: pass each renewal), or not at all.
    public func lead(_ lease: LeaderLease?) {
        leader = lease
    }

    /// Feeds the mentions just stored (the ids of a fetch's, among every mention committed since the last
    /// read), each fetch's at its store time, then tells every brand's detector the time.
    /// - Returns: the alerts stored for the first time.
    @discardableResult
    public func receive(_ mentionIDs: [Int64]) async throws -> [StoredAlert] {
        try await tick()
    }

    /// Feeds the mentions committed since the last read, then tells every brand's detector the time (closing
    /// the buckets that ended).
    /// - Returns: the alerts stored for the first time.
    @discardableResult
    public func tick() async throws -> [StoredAlert] {
        let now = now()
        guard built else { return try await rebuild(now: now) }
        let (rows, next) = try await database.mentionsForDetector(after: watermark, since: nil)
        watermark = next
        var alerts = feed(rows, now: now)
        alerts += stream.advance(to: now)
        return try await store(alerts, now: now)
    }

    private func now() -> Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    /// Replays the stored mentions of the lookback period, in the order they were stored, into a new stream.
    private func rebuild(now: Int64) async throws -> [StoredAlert] {
        stream = MentionStream(settings: settings, timeZones: timeZones)
        reportedLate = [:]
        let (rows, next) = try await database.mentionsForDetector(
            after: nil, since: Date(timeIntervalSince1970: TimeInterval(now - lookback)))
        watermark = next
        var alerts = feed(rows, now: now)
        alerts += stream.advance(to: now)
        built = true
        logger.debug("detector state rebuilt from \(rows.count) stored mentions")
        if !announced {
            announced = true
            for brand in Set(brands).union(stream.detectors.keys).sorted() {
                let readiness =
                    stream.detectors[brand]?.detector.readiness
                    ?? BrandDetector(brand: brand, settings: settings.forBrand(brand, timeZones: timeZones)).readiness
                logger.notice("detector of \(brand): \(readiness)")
            }
        }
        return try await store(alerts, now: now)
    }

    /// Feeds rows in stored order, those stored together (one fetch) as one arrival at their store time;
    /// a store time ahead of the clock is taken as now.
    private func feed(_ rows: [MentionRow], now: Int64) -> [Alert] {
        var alerts: [Alert] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].firstSeenAt == rows[start].firstSeenAt { end += 1 }
            let seen = min(Int64(rows[start].firstSeenAt.timeIntervalSince1970.rounded(.down)), now)
            alerts += stream.receive(rows[start..<end].map(arrival), at: seen)
            start = end
        }
        for (brand, late) in stream.lateMentions where late > reportedLate[brand, default: 0] {
            logger.debug(
                "\(late - reportedLate[brand, default: 0]) mentions of \(brand) arrived after their hour was judged: stored, not counted"
            )
            reportedLate[brand] = late
        }
        return alerts
    }

    private func arrival(_ row: MentionRow) -> MentionStream.Arrival {
        let time = Int64(row.time.timeIntervalSince1970.rounded(.down))
        let quote = AlertMention(
            text: [row.title, row.text].compactMap { $0 }.filter { !$0.isEmpty }.first ?? "",
            source: row.sourceName.isEmpty ? row.sourceURL : row.sourceName, link: row.link, score: row.score,
            terms: row.topTerms, publishedAt: time)
        return MentionStream.Arrival(
            brand: row.brand, time: time, negative: row.score <= settings.negativeThreshold, quote: quote)
    }

    private func store(_ alerts: [Alert], now: Int64) async throws -> [StoredAlert] {
        var stored: [StoredAlert] = []
        for alert in alerts {
            var row = StoredAlert(alert, bucketSeconds: settings.bucketSeconds)
            let deliver = alert.raisedAt >= now - deliverWithin && alert.bucketStart >= now - deliverWithin
            guard let id = try await database.insertAlert(row, sinks: deliver ? sinks : [], fencedBy: leader) else {
                continue
            }
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
