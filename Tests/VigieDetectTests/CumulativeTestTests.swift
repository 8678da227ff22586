import Foundation
import Testing

@testable import VigieDetect

/// The cumulative test's expected negatives and the weight of their evidence, one bucket at a time.
@Suite struct CumulativeTestTests {
    /// One bucket of a brand whose usual ratio is one negative for ten other mentions, two negatives an hour.
    private func evidence(
        negatives: Int, others: Int, seasonalOthers: Double?, ratioNegatives: Double = .infinity
    ) -> CumulativeTest.Run {
        CumulativeTest().adding(
            index: 0, negatives: negatives, others: others, ratio: 0.1, ratioNegatives: ratioNegatives, hourly: 2,
            seasonal: seasonalOthers.map { $0 * 0.1 }, seasonalOthers: seasonalOthers, volumeShape: 6.7
        ).strongest
    }

    @Test func aQuietHourOfAQuietBrandIsJudgedAgainstItsProfile() {
        // Five other mentions are normal at this hour and none came. By its own volume the hour would expect
        // nothing (the floor, a tenth of the usual rate: 0.2), and three negatives would be overwhelming; the
        // profile, which one quiet hour barely moves, expects about 0.3 and weighs them less.
        let quiet = evidence(negatives: 3, others: 0, seasonalOthers: 5)
        #expect(quiet.expected > 0.25 && quiet.expected < 0.35)
        let againstTheFloor = CumulativeTest.sizes.map { size in 3 * log1p(2 * size / 0.2) - 2 * size }.max()!
        #expect(quiet.score > 0 && quiet.score < againstTheFloor - 1)
    }

    @Test func aBusyBrandsHourIsJudgedByItsOwnVolume() {
        // Four hundred other mentions where 360 are normal: within the volume's usual noise, and so many that
        // they say the hour's rate far better than the profile does: the estimate stays near 40.
        let busy = evidence(negatives: 80, others: 400, seasonalOthers: 360)
        #expect(busy.expected > 39 && busy.expected < 40)
    }

    @Test func aSurgeIsJudgedByItsOwnVolume() {
        // Two hundred other mentions where ten are normal (a launch, a viral post): the profile says nothing of
        // such an hour, which expects the twenty negatives its own volume brings.
        let surge = evidence(negatives: 40, others: 200, seasonalOthers: 10)
        #expect(surge.expected == 20)
        #expect(evidence(negatives: 20, others: 200, seasonalOthers: 10).score == 0)
    }

    @Test func anUncertainRatioWeighsLess() {
        // The same excess, with the usual ratio learnt from 1,000 negatives or from 20.
        let certain = evidence(negatives: 8, others: 20, seasonalOthers: 20, ratioNegatives: 1000)
        let uncertain = evidence(negatives: 8, others: 20, seasonalOthers: 20, ratioNegatives: 20)
        #expect(certain.expected == uncertain.expected)
        #expect(uncertain.score > 0 && uncertain.score < certain.score)
    }

    @Test(arguments: [(0, 0.5), (3, 0.5), (12, 4.0), (40, 25.0)])
    func anInfiniteShapeIsThePoissonLaw(k: Int, mean: Double) {
        let poisson = Double(k) * log(mean) - mean
        #expect(CumulativeTest.logLikelihood(k, mean: mean, shape: .infinity) == poisson)
        #expect(abs(CumulativeTest.logLikelihood(k, mean: mean, shape: 1e9) - poisson) < 1e-5)
    }
}
