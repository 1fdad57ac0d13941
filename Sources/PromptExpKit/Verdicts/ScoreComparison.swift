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
        /// Rows whose score fell or that went pass → fail, worst first.
        public let regressions: [RowChange]
        /// Rows whose score rose or that went fail → pass, best first.
        public let improvements: [RowChange]

        public var model: String { baseModel == candidateModel ? candidateModel : "\(baseModel) → \(candidateModel)" }
    }

    public let policy: VerdictPolicy
    public let models: [ModelComparison]
    public let evaluatorNames: [String]
    /// Each evaluator's weight in a row's overall score.
    public let weights: [String: Double]
    public var verdict: Verdict { Verdict.overall(models.map(\.verdict)) }

    /// Compares the `base` and `candidate` records. Models pair in the order each variant
    /// first used them, so a candidate that switched model is compared with the base's.
    public init(records: [ResultRecord], weights: [String: Double], policy: VerdictPolicy = VerdictPolicy()) {
        self.policy = policy
        evaluatorNames = weights.keys.sorted()
        self.weights = weights
        var baseModels: [String] = [], candidateModels: [String] = []
        var byGroup: [String: [ResultRecord]] = [:]
        for record in records {
            if record.variant == "base", !baseModels.contains(record.model) { baseModels.append(record.model) }
            if record.variant == "candidate", !candidateModels.contains(record.model) { candidateModels.append(record.model) }
            byGroup["\(record.variant)\u{0}\(record.model)", default: []].append(record)
        }
        models = zip(baseModels, candidateModels).map { baseModel, candidateModel in
            Self.compare(
                base: byGroup["base\u{0}\(baseModel)"] ?? [], candidate: byGroup["candidate\u{0}\(candidateModel)"] ?? [],
                baseModel: baseModel, candidateModel: candidateModel, weights: weights, policy: policy)
        }
    }

    private static func compare(
        base: [ResultRecord], candidate: [ResultRecord], baseModel: String, candidateModel: String,
        weights: [String: Double], policy: VerdictPolicy
    ) -> ModelComparison {
        struct Side {
            var first: ResultRecord
            var row = VariantScores.RowScore()
        }
        func collect(_ records: [ResultRecord]) -> (order: [String], rows: [String: Side]) {
            var order: [String] = [], rows: [String: Side] = [:]
            for record in records {
                guard let overall = record.overall(weights: weights) else { continue }
                if rows[record.rowID] == nil {
                    order.append(record.rowID)
                    rows[record.rowID] = Side(first: record)
                }
                rows[record.rowID]?.row.scores.append(overall.score)
                rows[record.rowID]?.row.passes.append(overall.passed)
            }
            return (order, rows)
        }
        let before = collect(base), after = collect(candidate)
        var differences: [Double] = []
        var worse = 0, better = 0
        var regressions: [RowChange] = [], improvements: [RowChange] = []
        for id in before.order {
            guard let old = before.rows[id], let new = after.rows[id] else { continue }
            differences.append(new.row.mean - old.row.mean)
            let change = RowChange(
                rowID: id, base: old.first, candidate: new.first, baseScore: old.row.mean, candidateScore: new.row.mean,
                basePassed: old.row.allPassed, candidatePassed: new.row.allPassed,
                newlyFailing: flipped(from: old.first, to: new.first, passing: true),
                newlyPassing: flipped(from: old.first, to: new.first, passing: false))
            if old.row.allPassed && !new.row.allPassed { worse += 1 }
            if !old.row.allPassed && new.row.allPassed { better += 1 }
            if change.delta < -1e-9 || (change.basePassed && !change.candidatePassed) { regressions.append(change) }
            if change.delta > 1e-9 || (!change.basePassed && change.candidatePassed) { improvements.append(change) }
        }
        regressions.sort { ($0.basePassed && !$0.candidatePassed ? 0 : 1, $0.delta) < ($1.basePassed && !$1.candidatePassed ? 0 : 1, $1.delta) }
        improvements.sort { (!$0.basePassed && $0.candidatePassed ? 0 : 1, -$0.delta) < (!$1.basePassed && $1.candidatePassed ? 0 : 1, -$1.delta) }
        let mean = Statistics.mean(differences)
        let interval = Statistics.bootstrapInterval(
            differences, confidence: policy.confidence, resamples: policy.resamples, seed: policy.seed)
        let p = Statistics.mcNemarExact(worse: worse, better: better)
        let n = Double(max(1, differences.count))
        let verdict: Verdict
        if differences.isEmpty {
            verdict = .inconclusive
        } else {
            let scoresFell = interval.upperBound < 0 && mean <= -policy.minEffect
            let passesFell = p < policy.alpha && worse > better && Double(worse - better) / n >= policy.minEffect
            let scoresRose = interval.lowerBound > 0 && mean >= policy.minEffect
            let passesRose = p < policy.alpha && better > worse && Double(better - worse) / n >= policy.minEffect
            verdict = scoresFell || passesFell ? .regressed : scoresRose || passesRose ? .improved : .unchanged
        }
        return ModelComparison(
            baseModel: baseModel, candidateModel: candidateModel,
            base: VariantScores(variant: "base", model: baseModel, records: base, weights: weights, policy: policy),
            candidate: VariantScores(variant: "candidate", model: candidateModel, records: candidate, weights: weights, policy: policy),
            pairs: differences.count, meanDifference: mean, interval: interval, passToFail: worse, failToPass: better,
            pValue: p, verdict: verdict, regressions: regressions, improvements: improvements)
    }

    /// Evaluators whose pass state differs: passing on `old` and failing on `new` when
    /// `passing`, the reverse otherwise.
    private static func flipped(from old: ResultRecord, to new: ResultRecord, passing: Bool) -> [String] {
        let before = old.evaluations, after = new.evaluations
        return before.keys.sorted().filter { name in
            guard let was = before[name], let now = after[name], was.error == nil, now.error == nil else { return false }
            return passing ? (was.passed && !now.passed) : (!was.passed && now.passed)
        }
    }
}
