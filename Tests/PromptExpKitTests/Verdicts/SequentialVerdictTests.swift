import Foundation
import Testing

@testable import PromptExpKit

/// The sequential verdict as comparisons compute it from results: the seeded order, the
/// gate over score changes and pass flips, and where it is configured.
@Suite struct SequentialVerdictTests {
    @Test func theOrderDependsOnlyOnTheSeedAndTheIdsAndItsPrefixesNest() {
        let ids = (1...300).map { "row-\($0)" }
        let order = SequentialOrder.sorted(ids, seed: 7, rowID: { $0 })
        #expect(order == SequentialOrder.sorted(ids.reversed(), seed: 7, rowID: { $0 }))
        #expect(order != ids)
        #expect(order != SequentialOrder.sorted(ids, seed: 8, rowID: { $0 }))
        // A dataset that grows keeps the order of the rows it had.
        let grown = SequentialOrder.sorted(ids + (301...400).map { "row-\($0)" }, seed: 7, rowID: { $0 })
        #expect(grown.filter { ids.contains($0) } == order)
    }

    @Test func theComparisonDecidesTheSameWhateverOrderTheRecordsComeIn() {
        var policy = VerdictPolicy()
        policy.sequentialOrder = 3
        // A third of the rows go pass → fail.
        let records = VerdictTests.records(rows: 150) { row, variant, _ in variant == "base" || row % 3 != 0 }
        let comparison = ScoreComparison(records: records, weights: ["check": 1], policy: policy)
        let shuffled = ScoreComparison(records: records.reversed(), weights: ["check": 1], policy: policy)
        let sequential = comparison.models.first?.sequential
        #expect(sequential?.decision == .regressed)
        #expect((sequential?.decidedAfter ?? 150) < 100)
        #expect(shuffled.models.first?.sequential?.decidedAfter == sequential?.decidedAfter)
        #expect(comparison.verdict == .regressed)
        // Without the order, the same records get the fixed-size verdict and no sequential one.
        #expect(ScoreComparison(records: records, weights: ["check": 1]).models.first?.sequential == nil)
    }

    @Test func aNonInferiorDecisionIsTheVerdictNoSignificantChange() {
        var policy = VerdictPolicy()
        policy.sequentialOrder = 0
        let records = VerdictTests.records(rows: 400) { _, _, _ in true }
        let comparison = ScoreComparison(records: records, weights: ["check": 1], policy: policy)
        #expect(comparison.models.first?.sequential?.decision == .nonInferior)
        #expect(comparison.models.first?.sequential?.isSettled == true)
        #expect(comparison.verdict == .unchanged)
    }

    @Test func withTwoEvaluatorsPassFlipsAloneCanDecideARegression() {
        // Each flipped row loses a third of its score but its whole pass: the pass-flip test
        // decides before the score test.
        var gate = SequentialGate(margin: 0.02, alpha: 0.05, evaluators: 3)
        var scoreOnly = SequentialPairedTest(margin: 0.02, alpha: 0.05)
        for row in 0..<200 {
            let flipped = row % 3 == 0
            gate.add(scoreChange: flipped ? -1.0 / 3 : 0, passChange: flipped ? -1 : 0)
            scoreOnly.add(flipped ? -1.0 / 3 : 0)
        }
        #expect(gate.decision == .regressed)
        #expect((gate.decidedAfter ?? 200) < (scoreOnly.decidedAfter ?? 200))
    }

    @Test func withTwoEvaluatorsNonInferiorNeedsBothTests() {
        var gate = SequentialGate(margin: 0.02, alpha: 0.05, evaluators: 2)
        var single = SequentialPairedTest(margin: 0.02, alpha: 0.025)
        for _ in 0..<1000 {
            gate.add(scoreChange: 0, passChange: 0)
            single.add(0)
        }
        // Each test at α/2 decides where a lone one at α/2 does; both must.
        #expect(gate.decision == .nonInferior)
        #expect(gate.decidedAfter == single.decidedAfter)
    }

    @Test func sequentialIsReadFromTheConfigThePromptAndTheSpec() throws {
        let config = try ProjectConfig.parse("verdict:\n  sequential: true\n", path: ".promptexp/config.yaml")
        #expect(config.verdict.sequential)
        #expect(throws: (any Error).self) {
            try ProjectConfig.parse("verdict:\n  sequentail: true\n", path: ".promptexp/config.yaml")
        }
        let prompt = try PromptFile(
            text: "---\ntests:\n  verdict: {sequential: false}\n---\nuser:\nhi\n", path: "prompts/p.prompt")
        #expect(prompt.frontMatter.tests?.sequential == false)
        do {
            _ = try PromptFile(
                text: "---\ntests:\n  verdict: {sequentail: true}\n---\nuser:\nhi\n", path: "prompts/p.prompt")
            Issue.record("an unknown key in tests.verdict was accepted")
        } catch {
            #expect("\(error)".contains("prompts/p.prompt:3"))
            #expect("\(error)".contains("sequentail"))
        }
        var spec = ExperimentSpec(
            name: "e", prompt: "p",
            base: .init(
                ref: "main", commit: ObjectID(hex: String(repeating: "a", count: 40))!,
                blob: Repository.hashBlob(Data())),
            dataset: .init(path: "datasets/d.jsonl", blob: Repository.hashBlob(Data())), models: ["m"])
        spec.sequentialSeed = 42
        let read = try ExperimentSpec(yaml: spec.yaml, path: "experiment.yaml")
        #expect(read.sequentialSeed == 42)
        spec.sequentialSeed = nil
        #expect(try ExperimentSpec(yaml: spec.yaml, path: "experiment.yaml").sequentialSeed == nil)
    }
}

/// Holm's step-down adjustment against values worked out by hand.
@Suite struct HolmAdjustmentTests {
    @Test func theStepDownMatchesAHandComputation() {
        // m = 4, sorted 0.01, 0.015, 0.03, 0.2: × 4, × 3, × 2, × 1 → 0.04, 0.045, 0.06, 0.2,
        // each at least the one before. Bonferroni (× 4) would keep only the first under 0.05.
        let adjusted = HolmAdjustment.adjust([0.03, 0.01, 0.2, 0.015])
        let expected = [0.06, 0.04, 0.2, 0.045]
        for (value, hand) in zip(adjusted, expected) { #expect(abs(value - hand) < 1e-12) }
        // Monotone: a later p-value never gets a smaller adjustment; capped at 1.
        #expect(HolmAdjustment.adjust([0.5, 0.4]) == [0.8, 0.8])
        #expect(HolmAdjustment.adjust([0.9, 0.6]) == [1, 1])
        #expect(HolmAdjustment.adjust([]).isEmpty)
    }
}
