import Foundation

/// The detector's cumulative test: one CUSUM per size of excess, on the log-likelihood ratio that a brand's
/// negatives run above their usual rate.
///
/// Each bucket brings `k` negatives against `λ` expected from its own non-negative mentions and the
/// brand's usual ratio of negatives to other mentions (a busy hour brings more negatives without being a
/// crisis, a volume step or a gap changes nothing), and each alternative says "δ × μ more an hour", μ being
/// the brand's usual negatives an hour. Evidence for the alternative adds up hour by hour; when it turns
/// against it, the run starts over. A slow rise that no single window shows crosses the threshold after a
/// few hours. Poisson counts: `k·log(1 + δμ/λ) − δμ` per bucket.
struct CumulativeTest: Sendable, Hashable {
    /// Sizes of excess tried, in the brand's usual negatives an hour.
    static let sizes: [Double] = [1, 2, 4, 8, 16, 32, 64, 128]
    /// The expected negatives of a bucket are never taken under this share of the brand's usual hourly
    /// negatives: a bucket with no other mention says little about what was expected in it.
    static let floorShare = 0.1
    /// The longest run, in buckets.
    static let longestRun: Int64 = 24

    /// One alternative's run.
    struct Run: Sendable, Hashable {
        /// The log-likelihood ratio accumulated (never below zero).
        var score = 0.0
        /// The first bucket of the run.
        var start: Int64 = 0
        /// Negatives counted since `start`.
        var negatives = 0
        /// The most negatives one bucket of the run brought.
        var largest = 0
        /// Negatives expected since `start` from the buckets' own volume.
        var expected = 0.0
        /// Negatives normal at these hours (seasonal volume × usual share) since `start`.
        var seasonal = 0.0
    }

    private(set) var runs = Array(repeating: Run(), count: sizes.count)

    /// The runs after one more bucket (or part of one), without keeping them.
    /// - Parameters:
    ///   - index: the bucket's index.
    ///   - negatives: its negative mentions.
    ///   - others: its other mentions.
    ///   - ratio: the brand's usual negatives per other mention.
    ///   - ratioNegatives: the negatives the ratio was learnt from (the fewer, the less certain it is).
    ///   - hourly: the brand's usual negatives per bucket (μ).
    ///   - seasonal: the negatives normal at this hour from the volume profile, or nil when unknown.
    ///   - seasonalOthers: the other mentions normal at this hour, or nil when unknown.
    ///   - volumeShape: how steady a brand's hourly volume is around its profile (the shape of its gamma law:
    ///     the larger, the steadier).
    ///   - exposure: the share of the bucket elapsed (1 at its close).
    func adding(
        index: Int64, negatives: Int, others: Int, ratio: Double, ratioNegatives: Double, hourly: Double,
        seasonal: Double?, seasonalOthers: Double?, volumeShape: Double, exposure: Double = 1
    ) -> CumulativeTest {
        var next = self
        // The hour's rate, from its own other mentions and from what is normal at this hour: a gamma law
        // around the profile, updated by the others counted (its mean given them). A busy brand's hour says
        // much about its rate (a busy hour brings more negatives without being a crisis); a quiet brand's
        // empty hour says little, and its rate stays near the profile's. In a surge the profile says nothing.
        var estimate = ratio * Double(others)
        var volumeCertainty = Double(others) + 1
        if let seasonalOthers, seasonalOthers > 0,
            !NegativeBinomial(mean: seasonalOthers, size: volumeShape).isSurge(others)
        {
            estimate = ratio * (Double(others) + volumeShape) / (1 + volumeShape / seasonalOthers)
            volumeCertainty = Double(others) + volumeShape
        }
        let expected = max(estimate, Self.floorShare * hourly * exposure)
        // The rate is an estimate: the negatives expected follow a negative binomial law whose shape says how
        // certain it is (the volume's gamma law given the others, and the usual ratio's own count), so an
        // excess counts for less where the rate is known from little.
        let shape = 1 / (1 / volumeCertainty + 1 / (ratioNegatives + 1))
        let null = Self.logLikelihood(negatives, mean: expected, shape: shape)
        for (i, size) in Self.sizes.enumerated() {
            let extra = size * hourly * exposure
            // The alternative adds Poisson negatives to the same uncertain rate.
            let alternativeShape = shape * (expected + extra) * (expected + extra) / (expected * expected)
            let step = Self.logLikelihood(negatives, mean: expected + extra, shape: alternativeShape) - null
            var run = runs[i]
            if run.score + step <= 0 {
                next.runs[i] = Run(score: 0, start: index + 1)
                continue
            }
            // A run lasts a day at most: a share drifting for days is a new normal, not a crisis.
            if run.score == 0 || index - run.start >= Self.longestRun { run = Run(score: 0, start: index) }
            run.score += step
            run.negatives += negatives
            run.largest = max(run.largest, negatives)
            run.expected += expected
            run.seasonal += seasonal ?? expected
            next.runs[i] = run
        }
        return next
    }

    /// The log-probability of `k` under a negative binomial law of this mean and shape, without the `log k!`
    /// that every law shares (a Poisson law when the shape is infinite).
    static func logLikelihood(_ k: Int, mean: Double, shape: Double) -> Double {
        let count = Double(k)
        guard shape.isFinite else { return count * Foundation.log(mean) - mean }
        return lgamma(count + shape) - lgamma(shape) + shape * Foundation.log(shape / (shape + mean))
            + count * Foundation.log(mean / (shape + mean))
    }

    /// The run with the most evidence.
    var strongest: Run {
        runs.max { $0.score < $1.score }!
    }

    /// Every run starts over (an incident opened, or data went missing).
    mutating func reset(from index: Int64) {
        runs = Array(repeating: Run(score: 0, start: index), count: Self.sizes.count)
    }
}
