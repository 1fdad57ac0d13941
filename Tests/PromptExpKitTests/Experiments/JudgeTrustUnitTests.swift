import Foundation
import Testing

@testable import PromptExpKit

/// `JudgeTrust`'s rule on agreements, and what "not counted" does to a row's score.
@Suite struct JudgeTrustUnitTests {
    func agreement(_ name: String, outputs: Int, agreed: Int, kappa: Double?) -> LabelAgreement {
        LabelAgreement(evaluator: name, outputs: outputs, agreed: agreed, kappa: kappa)
    }

    @Test func onlyJudgesWithEnoughLabelsAndLowKappaAreLeftOut() {
        var policy = VerdictPolicy()
        policy.minLabels = 10
        policy.minKappa = 0.4
        let trust = JudgeTrust(
            agreements: [
                agreement("tone", outputs: 34, agreed: 20, kappa: 0.21),
                agreement("facts", outputs: 34, agreed: 30, kappa: 0.7),
                agreement("style", outputs: 5, agreed: 0, kappa: -1),
                agreement("same", outputs: 12, agreed: 12, kappa: nil),
                // Not a judge: people's disagreement with a regex is not this rule's business.
                agreement("regex", outputs: 40, agreed: 0, kappa: -1),
            ], judges: ["tone", "facts", "style", "same"], policy: policy)
        #expect(trust.notCounted == ["tone"])
        #expect(trust.notes.contains("judge 'tone' agrees with people κ=0.21 < 0.40 on 34 labels: not used"))
        #expect(trust.notes.contains("judge 'facts' agrees with people κ=0.70 ≥ 0.40 on 34 labels: used"))
        #expect(trust.notes.contains { $0.hasPrefix("judge 'style' has 5 labels, fewer than min_labels (10)") })
        #expect(trust.notes.contains("judge 'same' said what people said on all 12 labels: used"))
        #expect(trust.notes.count == 4)
        #expect(trust.nothingLeft(of: ["tone", "facts"]) == nil)
        #expect(trust.nothingLeft(of: ["tone"])?.hasPrefix("not decided: every evaluator is a judge") == true)
        #expect(trust.applied(to: policy).countedWeights(["tone": 2, "facts": 1]) == ["tone": 0, "facts": 1])
    }

    @Test func anEvaluatorAtWeightZeroCountsInNeitherScoreNorPass() throws {
        var record = VerdictTests.records(rows: 1) { _, _, _ in true }[0]
        record.scores["tone"] = Evaluation.check(false, "shouting").json
        #expect(record.overall(weights: ["check": 1, "tone": 1])?.passed == false)
        let counted = try #require(record.overall(weights: ["check": 1, "tone": 0]))
        #expect(counted.passed)
        #expect(counted.score == 1)
        #expect(record.overall(weights: ["check": 0, "tone": 0]) == nil)
    }
}
