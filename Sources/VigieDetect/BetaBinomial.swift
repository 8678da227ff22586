import Foundation

/// The beta-binomial law: `n` draws with a success chance that is itself uncertain, Beta(`alpha`, `beta`).
///
/// The detector uses it for "how likely are `k` negatives among `n` mentions, given the brand's usual
/// share as estimated from its history?". The Beta part carries the uncertainty of that estimate, so a brand
/// with little history needs more evidence than a well-known one.
struct BetaBinomial: Sendable {
    var trials: Int
    var alpha: Double
    var beta: Double

    /// The mean number of successes.
    var mean: Double { Double(trials) * alpha / (alpha + beta) }

    /// The variance of the number of successes.
    var variance: Double {
        let n = Double(trials)
        let s = alpha + beta
        let p = alpha / s
        return n * p * (1 - p) * (s + n) / (s + 1)
    }

    /// P(K ≥ k), summed exactly from `k` upwards with the ratio of consecutive terms.
    func upperTail(atLeast k: Int) -> Double {
        if k <= 0 { return 1 }
        if k > trials { return 0 }
        let n = Double(trials)
        var j = Double(k)
        let logChoose: Double = lgamma(n + 1) - lgamma(j + 1) - lgamma(n - j + 1)
        let logBetaTop: Double = lgamma(j + alpha) + lgamma(n - j + beta) - lgamma(n + alpha + beta)
        let logBetaPrior: Double = lgamma(alpha) + lgamma(beta) - lgamma(alpha + beta)
        let logTerm = logChoose + logBetaTop - logBetaPrior
        var term = exp(logTerm)
        var sum = term
        var index = k
        while index < trials {
            // pmf(j + 1) / pmf(j) = (n - j) / (j + 1) · (j + α) / (n - j - 1 + β)
            let draws: Double = (n - j) / (j + 1)
            let odds: Double = (j + alpha) / (n - j - 1 + beta)
            term *= draws * odds
            sum += term
            index += 1
            j += 1
            if term < sum * 1e-12 && j > mean { break }
        }
        return min(1, sum)
    }
}
