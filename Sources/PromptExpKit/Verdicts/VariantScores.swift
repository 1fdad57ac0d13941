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

    init(
        variant: String, model: String, rows: Int, scoredRecords: Int, meanScore: Double, interval: ClosedRange<Double>,
        passRate: Double, allRepeatsPassRate: Double, passKOfN: [String: Int], evaluationErrors: Int,
        evaluators: [String: (passRate: Double, meanScore: Double)]
    ) {
        self.variant = variant
        self.model = model
        self.rows = rows
        self.scoredRecords = scoredRecords
        self.meanScore = meanScore
        self.interval = interval
        self.passRate = passRate
        self.allRepeatsPassRate = allRepeatsPassRate
        self.passKOfN = passKOfN
        self.evaluationErrors = evaluationErrors
        self.evaluators = evaluators
    }

    /// The scores of `records` (one variant on one model), rows in order of first appearance.
    public init(
        variant: String, model: String, records: [ResultRecord], weights: [String: Double], policy: VerdictPolicy
    ) {
        var builder = Builder(variant: variant, model: model, weights: weights)
        for row in records.groupedByRow { _ = builder.addRow(row) }
        self = builder.finish(policy: policy)
    }
}
