import Foundation
import VigieDetect
import VigieTestSupport

/// The draws constructed histories need, on the tests' one seeded generator.
extension SeededRandom {
    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        var remaining = lambda
        var total = 0
        while remaining > 0 {
            let chunk = min(remaining, 25)
            remaining -= chunk
            let limit = exp(-chunk)
            var p = unit()
            while p > limit {
                total += 1
                p *= unit()
            }
        }
        return total
    }
    mutating func binomial(_ n: Int, _ p: Double) -> Int { (0..<n).reduce(0) { c, _ in c + (unit() < p ? 1 : 0) } }
}

/// A small constructed brand history, hour by hour: a daily rhythm, a weekend dip, Poisson counts, and
/// whatever events a test adds on top.
struct SyntheticHistory {
    /// 2024-03-04T00:00:00Z, a Monday.
    static let origin: Int64 = 1_709_510_400
    var meanPerHour: Double
    var negativeShare: Double
    var days: Int
    var seed: UInt64 = 1
    /// Extra mentions per hour index: (negatives, others).
    var extra: [Int: (negatives: Double, others: Double)] = [:]
    /// Hours with no data at all (a feed outage).
    var missing: Set<Int> = []
    /// Volume multiplier from an hour on (a level shift).
    var step: (hour: Int, factor: Double)?

    static let daily: [Double] = [
        0.25, 0.18, 0.14, 0.12, 0.12, 0.18, 0.35, 0.65, 1.0, 1.25, 1.35, 1.4,
        1.45, 1.4, 1.35, 1.35, 1.4, 1.45, 1.5, 1.55, 1.5, 1.3, 0.95, 0.55,
    ].map { $0 / 0.9 }

    func expected(hour h: Int) -> Double {
        let weekend = (h / 24) % 7 >= 5 ? 0.6 : 1.0
        var lambda = meanPerHour * Self.daily[h % 24] * weekend
        if let step, h >= step.hour { lambda *= step.factor }
        return lambda
    }

    func buckets() -> [Bucket] {
        var rng = SeededRandom(seed: seed)
        return (0..<(days * 24)).map { h in
            let n = rng.poisson(expected(hour: h))
            var k = rng.binomial(n, negativeShare)
            var total = n
            if let e = extra[h] {
                let en = rng.poisson(e.negatives)
                let eo = rng.poisson(e.others)
                k += en
                total += en + eo
            }
            if missing.contains(h) {
                total = 0
                k = 0
            }
            return Bucket(start: Self.origin + Int64(h) * 3600, mentions: total, negatives: k)
        }
    }

    /// Adds a wave of extra negatives (with 45 % as many other mentions) from `hour` for `hours`.
    mutating func wave(at hour: Int, hours: Int, negativesPerHour: Double) {
        for h in hour..<(hour + hours) { extra[h] = (negativesPerHour, 0.45 * negativesPerHour) }
    }

    /// Runs a fresh detector over the history.
    func alerts(settings: DetectorSettings = DetectorSettings()) -> [Alert] {
        var detector = BrandDetector(brand: "acme", settings: settings)
        return buckets().flatMap { detector.close($0) }
    }

    static func hour(of alert: Alert) -> Int { Int((alert.bucketStart - origin) / 3600) }
}
