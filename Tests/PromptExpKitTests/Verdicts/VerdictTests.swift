import Foundation
import PromptExpKit
import Testing

@Suite struct StatisticsTests {
    @Test func mcNemarExactMatchesTheBinomialTail() {
        #expect(abs(Statistics.mcNemarExact(worse: 10, better: 0) - 2 * pow(0.5, 10)) < 1e-12)
        #expect(abs(Statistics.mcNemarExact(worse: 8, better: 2) - 2 * 56.0 / 1024) < 1e-12)
        #expect(Statistics.mcNemarExact(worse: 2, better: 8) == Statistics.mcNemarExact(worse: 8, better: 2))
        #expect(Statistics.mcNemarExact(worse: 5, better: 5) == 1)
        #expect(Statistics.mcNemarExact(worse: 0, better: 0) == 1)
        // Large counts stay finite and small.
        #expect(Statistics.mcNemarExact(worse: 900, better: 700) < 1e-6)
    }

    @Test func bootstrapIntervalsAreSeededAndCoverTheMean() {
        let values = (0..<200).map { Double($0 % 2) }
        let interval = Statistics.bootstrapInterval(values, seed: 7)
        #expect(interval == Statistics.bootstrapInterval(values, seed: 7))
        #expect(interval.contains(0.5))
        #expect(interval.lowerBound > 0.4 && interval.upperBound < 0.6)
        #expect(Statistics.bootstrapInterval([0.3, 0.3, 0.3]) == 0.3...0.3)
        #expect(Statistics.bootstrapInterval([]) == 0...0)
    }
}

@Suite struct VerdictTests {
    /// Records for `rows` rows whose one evaluator passes as `pass(row, variant)` says.
    static func records(rows: Int, model: String = "m", repeats: Int = 1, pass: (Int, String, Int) -> Bool)
        -> [ResultRecord]
    {
        var records: [ResultRecord] = []
        for row in 0..<rows {
            for variant in ["base", "candidate"] {
                for repeatIndex in 0..<repeats {
                    let passed = pass(row, variant, repeatIndex)
                    records.append(
                        ResultRecord(
                            rowID: "r\(row)", variant: variant, model: model, repeatIndex: repeatIndex,
                            promptBlob: Repository.hashBlob(Data(variant.utf8)),
                            requestHash: "\(row)\(variant)\(repeatIndex)",
                            output: passed ? "good" : "bad", finishReason: "stop", usage: nil, cost: 0,
                            latencyMilliseconds: 1,
                            error: nil, scores: ["check": Evaluation.check(passed, passed ? "ok" : "wrong").json]))
                }
            }
        }
        return records
    }

    @Test func aSubjectWithNoRowsOrNoAnswersOnASideComparesNothing() {
        func subject(_ records: [ResultRecord]) -> ComparisonSubject {
            ComparisonSubject(
                prompt: "p", baseLabel: "main", candidateLabel: "HEAD", dataset: "datasets/d.jsonl", records: records,
                comparison: ScoreComparison(records: records, weights: ["check": 1]))
        }
        #expect(subject([]).nothingCompared == "p: nothing was compared: datasets/d.jsonl has no rows")
        var failed = Self.records(rows: 3) { _, _, _ in true }
        for index in failed.indices where failed[index].variant == "candidate" {
            failed[index].error = "HTTP 500: down"
        }
        #expect(
            subject(failed).nothingCompared
                == "p: nothing was compared: every candidate call failed (see the errors in the results)")
        #expect(subject(Self.records(rows: 3) { _, _, _ in true }).nothingCompared == nil)
    }

    @Test func aClearDropIsARegressionWithTheRowsNamed() throws {
        // Base passes every row; the candidate fails every fifth.
        let comparison = ScoreComparison(
            records: Self.records(rows: 100) { row, variant, _ in variant == "base" || row % 5 != 0 },
            weights: ["check": 1])
        #expect(comparison.verdict == .regressed)
        let model = try #require(comparison.models.first)
        #expect(model.pairs == 100)
        #expect(model.passToFail == 20 && model.failToPass == 0)
        #expect(abs(model.meanDifference + 0.2) < 1e-12)
        #expect(model.interval.upperBound < 0)
        #expect(model.regressions.count == 20)
        #expect(model.regressions.first?.newlyFailing == ["check"])
        #expect(model.improvements.isEmpty)
        #expect(model.base.passRate == 1 && model.candidate.passRate == 0.8)
    }

    @Test func theSameScoresAreNoSignificantChange() {
        let comparison = ScoreComparison(
            records: Self.records(rows: 50) { row, _, _ in row % 3 != 0 }, weights: ["check": 1])
        #expect(comparison.verdict == .unchanged)
        #expect(comparison.models.first?.pValue == 1)
    }

    @Test func churnInBothDirectionsIsNotARegression() {
        // 10 rows flip each way: nothing significant, although outputs changed.
        let comparison = ScoreComparison(
            records: Self.records(rows: 100) { row, variant, _ in
                if row < 10 { return variant == "base" }
                if row < 20 { return variant == "candidate" }
                return true
            }, weights: ["check": 1])
        #expect(comparison.verdict == .unchanged)
        #expect(comparison.models.first?.passToFail == 10)
        #expect(comparison.models.first?.failToPass == 10)
    }

    @Test func aClearGainIsAnImprovement() {
        let comparison = ScoreComparison(
            records: Self.records(rows: 60) { row, variant, _ in variant == "candidate" || row % 2 == 0 },
            weights: ["check": 1])
        #expect(comparison.verdict == .improved)
        #expect(comparison.models.first?.improvements.count == 30)
    }

    @Test func aSignificantButTinyEffectIsBelowTheMinimum() {
        // 3 of 1,000 rows go pass → fail: p = 0.25 and 0.3 points: no verdict either way,
        // and with min_effect 0.5% the same counts stay below it even if they were significant.
        let records = Self.records(rows: 1000) { row, variant, _ in variant == "base" || row >= 3 }
        #expect(ScoreComparison(records: records, weights: ["check": 1]).verdict == .unchanged)
        let strict = ScoreComparison(records: records, weights: ["check": 1], policy: VerdictPolicy(minEffect: 0))
        #expect(strict.models.first?.passToFail == 3)
        #expect(strict.verdict == .unchanged)
    }

    @Test func repeatsAverageWithinARowAndCountKOfN() throws {
        // Three repeats: the candidate fails one repeat of every row.
        let comparison = ScoreComparison(
            records: Self.records(rows: 40, repeats: 3) { _, variant, repeatIndex in
                variant == "base" || repeatIndex != 1
            },
            weights: ["check": 1])
        let model = try #require(comparison.models.first)
        #expect(model.pairs == 40)
        #expect(abs(model.meanDifference + 1.0 / 3.0) < 1e-12)
        #expect(model.candidate.passKOfN == ["2/3": 40])
        #expect(model.base.passKOfN == ["3/3": 40])
        #expect(model.candidate.allRepeatsPassRate == 0)
        #expect(comparison.verdict == .regressed)
    }

    @Test func evaluationErrorsAreLeftOutAndNothingScoredIsInconclusive() {
        var records = Self.records(rows: 5) { _, _, _ in true }
        for index in records.indices { records[index].scores = ["check": Evaluation.failure("judge crashed").json] }
        let comparison = ScoreComparison(records: records, weights: ["check": 1])
        #expect(comparison.verdict == .inconclusive)
        #expect(comparison.models.first?.base.evaluationErrors == 5)
    }

    @Test func modelsPairInOrderSoASwitchedModelIsCompared() {
        let base = Self.records(rows: 30, model: "old") { _, _, _ in true }.filter { $0.variant == "base" }
        let candidate = Self.records(rows: 30, model: "new") { _, _, _ in false }.filter { $0.variant == "candidate" }
        let comparison = ScoreComparison(records: base + candidate, weights: ["check": 1])
        #expect(comparison.models.map(\.model) == ["old → new"])
        #expect(comparison.verdict == .regressed)
    }

    @Test func theVerdictPolicyIsReadFromTheConfig() throws {
        let config = try ProjectConfig.parse(
            "verdict:\n  min_effect: 0.05\n  confidence: 0.99\n  resamples: 500\n", path: "c.yaml")
        #expect(config.verdict == VerdictPolicy(minEffect: 0.05, confidence: 0.99, resamples: 500))
        #expect(
            throws: ConfigError.invalid(
                SourceLocation(path: "c.yaml", line: 2, column: 15), "confidence must be above 0.5 and below 1")
        ) {
            try ProjectConfig.parse("verdict:\n  confidence: 95\n", path: "c.yaml")
        }
    }
}
