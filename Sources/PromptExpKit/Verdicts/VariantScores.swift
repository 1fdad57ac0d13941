/// Scores of one variant on one model: mean with its interval, pass rates, and with
/// repeats, how many rows passed k of their n repeats.
public struct VariantScores: Sendable {
    public let variant: String
    public let model: String
    /// Rows with at least one scored record.
    public let rows: Int
    /// Records with at least one evaluation that could be made.
    public let scoredRecords: Int
    /// Mean of the per-row scores (repeats averaged).
    public let meanScore: Double
    public let interval: ClosedRange<Double>
    /// Share of scored records that passed every evaluator.
    public let passRate: Double
    /// Share of rows whose every repeat passed (the same as `passRate` without repeats).
    public let allRepeatsPassRate: Double
    /// Rows by passing repeats, keyed `k/n`.
    public let passKOfN: [String: Int]
    /// Evaluations that could not be made.
    public let evaluationErrors: Int
    /// Per evaluator: the share of its evaluations that passed, and its mean score.
    public let evaluators: [String: (passRate: Double, meanScore: Double)]

    /// One row's aggregate over its repeats.
    struct RowScore {
        var scores: [Double] = []
        var passes: [Bool] = []
        var mean: Double { Statistics.mean(scores) }
        var allPassed: Bool { !passes.isEmpty && passes.allSatisfy { $0 } }
    }

    public init(variant: String, model: String, records: [ResultRecord], weights: [String: Double], policy: VerdictPolicy) {
        self.variant = variant
        self.model = model
        var rows: [String: RowScore] = [:]
        var order: [String] = []
        var errors = 0, scored = 0, passed = 0
        var perEvaluator: [String: (pass: Int, total: Int, sum: Double)] = [:]
        for record in records {
            for (name, evaluation) in record.evaluations {
                if evaluation.error != nil { errors += 1; continue }
                var entry = perEvaluator[name] ?? (0, 0, 0)
                entry.total += 1
                entry.sum += evaluation.score
                if evaluation.passed { entry.pass += 1 }
                perEvaluator[name] = entry
            }
            guard let overall = record.overall(weights: weights) else { continue }
            scored += 1
            if overall.passed { passed += 1 }
            if rows[record.rowID] == nil { order.append(record.rowID) }
            rows[record.rowID, default: RowScore()].scores.append(overall.score)
            rows[record.rowID, default: RowScore()].passes.append(overall.passed)
        }
        let means = order.compactMap { rows[$0]?.mean }
        self.rows = order.count
        scoredRecords = scored
        meanScore = Statistics.mean(means)
        interval = Statistics.bootstrapInterval(means, confidence: policy.confidence, resamples: policy.resamples, seed: policy.seed)
        passRate = scored == 0 ? 0 : Double(passed) / Double(scored)
        let allPassed = order.filter { rows[$0]?.allPassed ?? false }.count
        allRepeatsPassRate = order.isEmpty ? 0 : Double(allPassed) / Double(order.count)
        var kOfN: [String: Int] = [:]
        for id in order {
            guard let row = rows[id] else { continue }
            kOfN["\(row.passes.filter { $0 }.count)/\(row.passes.count)", default: 0] += 1
        }
        passKOfN = kOfN
        evaluationErrors = errors
        evaluators = perEvaluator.mapValues { entry in
            (entry.total == 0 ? 0 : Double(entry.pass) / Double(entry.total), entry.total == 0 ? 0 : entry.sum / Double(entry.total))
        }
    }
}
