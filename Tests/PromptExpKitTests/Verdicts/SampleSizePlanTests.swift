import Testing

@testable import PromptExpKit

@Suite struct SampleSizePlanTests {
    @Test func theNormalQuantileIsRight() {
        #expect(abs(SampleSizePlan.normalQuantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(abs(SampleSizePlan.normalQuantile(0.9) - 1.2815515655446004) < 1e-9)
        #expect(abs(SampleSizePlan.normalQuantile(0.001) + 3.090232306167813) < 1e-9)
    }

    /// Connor's formula by hand: ψ = 0.2, δ = 0.1, α = 0.05, power 0.9:
    /// (1.95996·√0.2 + 1.28155·√0.19)² / 0.01 = (0.87652 + 0.55862)² / 0.01 = 205.96 → 206.
    @Test func rowsMatchAHandComputation() {
        let plan = SampleSizePlan(discordance: 0.2, alpha: 0.05, power: 0.9)
        #expect(plan.rows(toDetect: 0.1) == 206)
        // A smaller drop needs more rows; more flipping rows need more too.
        #expect(plan.rows(toDetect: 0.05) > 206)
        #expect(SampleSizePlan(discordance: 0.4, alpha: 0.05, power: 0.9).rows(toDetect: 0.1) > 206)
    }

    @Test func theSmallestDetectableDropInvertsTheRows() {
        let plan = SampleSizePlan(discordance: 0.2, alpha: 0.05, power: 0.8)
        let drop = plan.smallestDetectableDrop(rows: 40)
        #expect(plan.rows(toDetect: drop) <= 40)
        #expect(plan.rows(toDetect: drop - 0.001) > 40)
        #expect(drop > 0.15 && drop < 0.25)
        #expect(plan.smallestDetectableDrop(rows: 0) == 1)
    }
}
