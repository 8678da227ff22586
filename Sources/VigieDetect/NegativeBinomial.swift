import Foundation

/// The negative binomial law (a Poisson whose rate is itself gamma-distributed): counts noisier than
/// Poisson, the way mention volumes are.
///
/// The detector uses it for "how likely are `k` negatives in this window, given the negatives normal for
/// this brand at these hours?" — a count test that tolerates the day-to-day noise of volumes.
struct NegativeBinomial: Sendable {
    var mean: Double
    /// The gamma shape: the variance is `mean + mean² / size`.
    var size: Double

    var variance: Double { mean + mean * mean / size }

    /// P(K ≥ k), summed exactly from `k` upwards with the ratio of consecutive terms.
    func upperTail(atLeast k: Int) -> Double {
        if k <= 0 { return 1 }
        guard mean > 0 else { return 0 }
        let p = mean / (mean + size)
        let j0 = Double(k)
        let logCoefficient: Double = lgamma(j0 + size) - lgamma(size) - lgamma(j0 + 1)
        let logPowers: Double = size * log1p(-p) + j0 * log(p)
        var term = exp(logCoefficient + logPowers)
        var sum = term
        var j = j0
        while j < j0 + 100_000 {
            let ratio: Double = (j + size) / (j + 1) * p
            term *= ratio
            sum += term
            j += 1
            if term < sum * 1e-12 && ratio < 1 { break }
        }
        return min(1, sum)
    }
}

extension NegativeBinomial {
    /// How unlikely a count must be under the law to be a surge.
    static let surgeTail = 0.01

    /// Whether `count` is a surge: a volume so far above this law (a launch, a viral post, a news wave) that
    /// the law says nothing about the hour any more, and the hour's own volume must say what is expected.
    func isSurge(_ count: Int) -> Bool {
        Double(count) > mean && upperTail(atLeast: count) <= Self.surgeTail
    }
}
