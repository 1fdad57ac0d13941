/// Base against candidate, paired by row: per model the mean difference with its
/// interval, the rows that went pass → fail and fail → pass with McNemar's test, the
/// verdict by `VerdictPolicy`, and the rows that regressed and improved, worst first.
public struct ScoreComparison: Sendable {
    /// One row of one model, both sides (the first repeat's records, for showing).
    public struct RowChange: Sendable {
        public let rowID: String
        public let base: ResultRecord
        public let candidate: ResultRecord
        /// Per-row scores, repeats averaged.
        public let baseScore: Double
        public let candidateScore: Double
        public let basePassed: Bool
        public let candidatePassed: Bool
        /// Evaluators that passed on the base and fail on the candidate (and the reverse).
        public let newlyFailing: [String]
        public let newlyPassing: [String]
        public var delta: Double { candidateScore - baseScore }
    }

    public struct ModelComparison: Sendable {
        public let baseModel: String
        public let candidateModel: String
        public let base: VariantScores
        public let candidate: VariantScores
        /// Rows scored on both sides.
        public let pairs: Int
        public let meanDifference: Double
        public let interval: ClosedRange<Double>
        /// Rows that went pass → fail, and fail → pass.
        public let passToFail: Int
        public let failToPass: Int
        public let pValue: Double
        public let verdict: Verdict
        /// Rows whose score fell or that went pass → fail, worst first (at most
        /// `ScoreComparisonBuilder.keptRows`; `regressedRows` counts them all).
        public let regressions: [RowChange]
        /// Rows whose score rose or that went fail → pass, best first (at most
        /// `ScoreComparisonBuilder.keptRows`; `improvedRows` counts them all).
        public let improvements: [RowChange]
        public let regressedRows: Int
        public let improvedRows: Int
        /// The sequential test's decision, when the run was sequential; `verdict` is its
        /// decision where it reached one.
        public var sequential: SequentialVerdict? = nil

        public var model: String { baseModel == candidateModel ? candidateModel : "\(baseModel) → \(candidateModel)" }
    }

    /// What the sequential test decided for one model (see `SequentialPairedTest`).
    public struct SequentialVerdict: Sendable {
        public let decision: SequentialPairedTest.Decision?
        /// The row, in the seeded order, after which the decision was reached.
        public let decidedAfter: Int?
        /// Whether more rows could change nothing the gate needs (`isSettled`).
        public let isSettled: Bool
        /// Paired rows the test saw.
        public let rows: Int

        /// "sequential test: regressed after 14 of 40 rows" — for reports and the terminal.
        public var line: String {
            guard let decision, let decidedAfter else {
                return "sequential test: not decided on \(counted(rows, "row")), so the fixed-size verdict stands"
            }
            let what =
                switch decision {
                case .regressed: "regressed (below the margin)"
                case .nonInferior: "non-inferior (not worse by the margin)"
                case .improved: "improved"
                }
            return "sequential test: \(what) after \(decidedAfter) of \(counted(rows, "row")) in the seeded order"
        }

        /// The verdict it stands for: non-inferior is no significant change (the
        /// candidate is not worse by the margin); nil while undecided.
        public var verdict: Verdict? {
            switch decision {
            case .regressed?: .regressed
            case .improved?: .improved
            case .nonInferior?: .unchanged
            case nil: nil
            }
        }
    }

    public let policy: VerdictPolicy
    public let models: [ModelComparison]
    public let evaluatorNames: [String]
    /// Each evaluator's weight in a row's overall score.
    public let weights: [String: Double]
    public var verdict: Verdict { Verdict.overall(models.map(\.verdict)) }

    init(policy: VerdictPolicy, models: [ModelComparison], weights: [String: Double]) {
        self.policy = policy
        self.models = models
        self.weights = weights
        evaluatorNames = weights.keys.sorted()
    }

    /// Compares the `base` and `candidate` records, in any order. Models pair in the order
    /// each variant first used them, so a candidate that switched model is compared with
    /// the base's. (A results file is compared as it streams, with `ScoreComparisonBuilder`.)
    public init(records: [ResultRecord], weights: [String: Double], policy: VerdictPolicy = VerdictPolicy()) {
        var builder = ScoreComparisonBuilder(weights: weights, policy: policy)
        for record in records.groupedByRow.joined() { builder.add(record) }
        self = builder.finish()
    }
}
