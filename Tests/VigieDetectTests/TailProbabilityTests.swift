import Foundation
import Testing

@testable import VigieDetect

@Suite struct TailProbabilityTests {
    /// P(K ≥ k) by summing every term from scratch with lgamma.
    private func bruteBetaBinomial(n: Int, alpha: Double, beta: Double, k: Int) -> Double {
        func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }
        return (k...n).reduce(0.0) { sum, j in
            let x = Double(j)
            let m = Double(n)
            let logChoose = lgamma(m + 1) - lgamma(x + 1) - lgamma(m - x + 1)
            return sum + exp(logChoose + logBeta(x + alpha, m - x + beta) - logBeta(alpha, beta))
        }
    }

    @Test(arguments: [(10, 1.0, 9.0, 4), (50, 12.0, 88.0, 15), (200, 50.0, 450.0, 40), (3, 0.5, 4.5, 3)])
    func betaBinomialTailMatchesTheDirectSum(n: Int, alpha: Double, beta: Double, k: Int) {
        let fast = BetaBinomial(trials: n, alpha: alpha, beta: beta).upperTail(atLeast: k)
        let slow = bruteBetaBinomial(n: n, alpha: alpha, beta: beta, k: k)
        #expect(abs(fast - slow) <= 1e-9 * max(slow, 1e-300) + 1e-15)
    }

    @Test func betaBinomialTailEdges() {
        let law = BetaBinomial(trials: 20, alpha: 2, beta: 18)
        #expect(law.upperTail(atLeast: 0) == 1)
        #expect(law.upperTail(atLeast: 21) == 0)
        #expect(law.upperTail(atLeast: 5) > law.upperTail(atLeast: 6))
        #expect(abs(law.mean - 2) < 1e-12)
    }

    @Test func aLargePriorWeightApproachesTheBinomial() {
        // Binomial(30, 0.1): P(K ≥ 8) = 0.007784 (to 4 significant digits).
        let p = BetaBinomial(trials: 30, alpha: 0.1 * 1e7, beta: 0.9 * 1e7).upperTail(atLeast: 8)
        #expect(abs(p - 0.007784) < 0.000002)
    }

    @Test func aSmallPriorWeightIsMoreCautious() {
        let certain = BetaBinomial(trials: 30, alpha: 100, beta: 900).upperTail(atLeast: 10)
        let unsure = BetaBinomial(trials: 30, alpha: 2, beta: 18).upperTail(atLeast: 10)
        #expect(unsure > certain * 5)
    }

    @Test(arguments: [(2.0, 5.0, 6), (30.0, 10.0, 60), (0.5, 2.0, 3)])
    func negativeBinomialTailMatchesTheDirectSum(mean: Double, size: Double, k: Int) {
        let p = mean / (mean + size)
        var below = 0.0
        for j in 0..<k {
            let x = Double(j)
            below += exp(lgamma(x + size) - lgamma(size) - lgamma(x + 1) + size * log1p(-p) + x * log(p))
        }
        let tail = NegativeBinomial(mean: mean, size: size).upperTail(atLeast: k)
        #expect(abs(tail - (1 - below)) < 1e-9)
    }

    @Test func negativeBinomialIsWiderThanPoisson() {
        // Poisson(10): P(K ≥ 20) = 0.00345.
        let overdispersed = NegativeBinomial(mean: 10, size: 10).upperTail(atLeast: 20)
        let nearlyPoisson = NegativeBinomial(mean: 10, size: 1e7).upperTail(atLeast: 20)
        #expect(abs(nearlyPoisson - 0.00345) < 0.00001)
        #expect(overdispersed > 5 * nearlyPoisson)
    }
}
