import Testing
import VigieCore

@Suite struct RetryPolicyTests {
    @Test(arguments: [(1, 30.0), (2, 60.0), (3, 120.0), (5, 480.0), (7, 1_920.0), (8, 3_600.0), (30, 3_600.0)])
    func delaysDoubleUpToTheCap(attempts: Int, seconds: Double) {
        let policy = RetryPolicy(attempts: 40, firstDelay: .seconds(30), maximumDelay: .seconds(3_600))
        // jitter 0.5 is the middle of the ×[0.75, 1.25) band
        #expect(policy.delay(afterAttempts: attempts, jitter: 0.5) == .milliseconds(Int64(seconds * 1000)))
        #expect(policy.delay(afterAttempts: attempts, jitter: 0) == .milliseconds(Int64(seconds * 750)))
        #expect(policy.delay(afterAttempts: attempts, jitter: 0.999_999) <= .milliseconds(Int64(seconds * 1250)))
    }

    @Test func theLastAttemptAllowsNoRetry() {
        let policy = RetryPolicy(attempts: 3)
        #expect(policy.allowsRetry(afterAttempts: 1))
        #expect(policy.allowsRetry(afterAttempts: 2))
        #expect(!policy.allowsRetry(afterAttempts: 3))
        #expect(!RetryPolicy(attempts: 0).allowsRetry(afterAttempts: 1))  // at least one attempt, never zero
    }
}
