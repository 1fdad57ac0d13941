/// Builds a `ScoreComparison` from records fed one at a time in results order (all records
/// of a row together, as a run writes them), so a million rows compare in flat memory:
/// per row it keeps one number per side and the difference, and in full only the
/// `keptRows` most telling regressed and improved rows.
public struct ScoreComparisonBuilder {
    /// Regressed and improved rows kept in full for reports, per model; the counts of all
    /// of them are kept apart.
    public static let keptRows = 200

    let weights: [String: Double]
    let policy: VerdictPolicy
    /// Rows the caller expects (0 when unknown), reserved once for the per-row numbers.
    let expectedRows: Int
    private var currentRow: String?
    private var rowRecords: [ResultRecord] = []
    private var baseModels: [String] = []
    private var candidateModels: [String] = []
    private var sides: [String: VariantScores.Builder] = [:]
    private var sideOrder: [String] = []
    private var pairs: [PairBuilder] = []

    public init(weights: [String: Double], policy: VerdictPolicy = VerdictPolicy(), expectedRows: Int = 0) {
        self.weights = policy.countedWeights(weights)
        self.policy = policy
        self.expectedRows = expectedRows
    }

    /// Adds the next record; a record of another row than the last one closes that row.
    public mutating func add(_ record: ResultRecord) {
        if record.rowID != currentRow {
            closeRow()
            currentRow = record.rowID
        }
        rowRecords.append(record)
    }

    public mutating func finish() -> ScoreComparison {
        finishWithVariants().comparison
    }

    /// The comparison, and each variant's scores on each model in order of first use
    /// (a plain run has one variant and nothing to compare). Each side's interval is
    /// drawn once.
    mutating func finishWithVariants() -> (comparison: ScoreComparison, variants: [VariantScores]) {
        closeRow()
        var finished: [String: VariantScores] = [:]
        for key in sideOrder { finished[key] = sides[key]?.finish(policy: policy) }
        func scores(_ variant: String, _ model: String) -> VariantScores {
            finished["\(variant)\u{0}\(model)"]
                ?? VariantScores.Builder(variant: variant, model: model, weights: weights).finish(policy: policy)
        }
        let models = pairs.indices.map { slot in
            pairs[slot].finish(
                base: scores("base", baseModels[slot]), candidate: scores("candidate", candidateModels[slot]),
                policy: policy, evaluators: weights.values.filter { $0 > 0 }.count)
        }
        return (
            ScoreComparison(policy: policy, models: models, weights: weights), sideOrder.compactMap { finished[$0] }
        )
    }

    /// Scores the row just completed on each side and pairs its sides per model slot.
    private mutating func closeRow() {
        guard let rowID = currentRow, !rowRecords.isEmpty else { return }
        var order: [String] = []
        var grouped: [String: (variant: String, model: String, records: [ResultRecord])] = [:]
        for record in rowRecords {
            // Models pair in the order each variant first used them, so a candidate that
            // switched model is compared with the base's.
            if record.variant == "base", !baseModels.contains(record.model) { baseModels.append(record.model) }
            if record.variant == "candidate", !candidateModels.contains(record.model) {
                candidateModels.append(record.model)
            }
            let key = "\(record.variant)\u{0}\(record.model)"
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: (record.variant, record.model, [])].records.append(record)
        }
        var rowScores: [String: (row: VariantScores.RowScore, first: ResultRecord)] = [:]
        for key in order {
            guard let group = grouped[key] else { continue }
            if sides[key] == nil { sideOrder.append(key) }
            // Mutated in place: a copy out of the dictionary would copy its per-row array on
            // every row (quadratic time, and twice the memory).
            let row = sides[
                key,
                default: VariantScores.Builder(
                    variant: group.variant, model: group.model, weights: weights, expectedRows: expectedRows)
            ].addRow(group.records)
            if let row, let first = group.records.first(where: { $0.overall(weights: weights) != nil }) {
                rowScores[key] = (row, first)
            }
        }
        while pairs.count < min(baseModels.count, candidateModels.count) {
            pairs.append(PairBuilder(expectedRows: expectedRows, orderSeed: policy.sequentialOrder))
        }
        for slot in pairs.indices {
            guard let old = rowScores["base\u{0}\(baseModels[slot])"],
                let new = rowScores["candidate\u{0}\(candidateModels[slot])"]
            else { continue }
            pairs[slot].add(rowID: rowID, old: old, new: new)
        }
        rowRecords.removeAll(keepingCapacity: true)
    }

    /// One model slot's pairs: the per-row differences, the pass flips, and the rows that
    /// moved most.
    struct PairBuilder {
        /// Each paired row's score change, for the bootstrap (4 bytes a row); the mean is
        /// kept exact in `differenceSum`.
        var differences: [Float] = []
        var differenceSum = 0.0
        /// A sequential verdict's seed, and each paired row's place in its order.
        let orderSeed: UInt64?
        var orderKeys: [UInt64] = []
        /// Each paired row's pass flip (−1, 0, +1), for the sequential verdict.
        var passChanges: [Int8] = []

        init(expectedRows: Int, orderSeed: UInt64?) {
            self.orderSeed = orderSeed
            differences.reserveCapacity(expectedRows)
            if orderSeed != nil { orderKeys.reserveCapacity(expectedRows) }
        }

        var worse = 0, better = 0
        var regressions: [ScoreComparison.RowChange] = []
        var improvements: [ScoreComparison.RowChange] = []
        var regressedRows = 0, improvedRows = 0

        mutating func add(
            rowID: String, old: (row: VariantScores.RowScore, first: ResultRecord),
            new: (row: VariantScores.RowScore, first: ResultRecord)
        ) {
            differences.append(Float(new.row.mean - old.row.mean))
            differenceSum += new.row.mean - old.row.mean
            if let orderSeed {
                orderKeys.append(SequentialOrder.key(seed: orderSeed, rowID: rowID))
                passChanges.append(old.row.allPassed == new.row.allPassed ? 0 : new.row.allPassed ? 1 : -1)
            }
            let change = ScoreComparison.RowChange(
                rowID: rowID, base: old.first, candidate: new.first, baseScore: old.row.mean,
                candidateScore: new.row.mean,
                basePassed: old.row.allPassed, candidatePassed: new.row.allPassed,
                newlyFailing: Self.flipped(from: old.first, to: new.first, passing: true),
                newlyPassing: Self.flipped(from: old.first, to: new.first, passing: false))
            if old.row.allPassed && !new.row.allPassed { worse += 1 }
            if !old.row.allPassed && new.row.allPassed { better += 1 }
            if change.delta < -1e-9 || (change.basePassed && !change.candidatePassed) {
                regressedRows += 1
                regressions.append(change)
                if regressions.count >= 2 * ScoreComparisonBuilder.keptRows { Self.keepWorst(&regressions) }
            }
            if change.delta > 1e-9 || (!change.basePassed && change.candidatePassed) {
                improvedRows += 1
                improvements.append(change)
                if improvements.count >= 2 * ScoreComparisonBuilder.keptRows { Self.keepBest(&improvements) }
            }
        }

        /// Pass → fail first, then the largest drop; the sort is stable, so ties keep row order.
        static func keepWorst(_ changes: inout [ScoreComparison.RowChange]) {
            changes = Array(
                changes.enumerated().sorted { a, b in
                    let left = (a.element.basePassed && !a.element.candidatePassed ? 0 : 1, a.element.delta, a.offset)
                    let right = (b.element.basePassed && !b.element.candidatePassed ? 0 : 1, b.element.delta, b.offset)
                    return left < right
                }.prefix(ScoreComparisonBuilder.keptRows).map(\.element))
        }

        /// Fail → pass first, then the largest rise.
        static func keepBest(_ changes: inout [ScoreComparison.RowChange]) {
            changes = Array(
                changes.enumerated().sorted { a, b in
                    let left = (!a.element.basePassed && a.element.candidatePassed ? 0 : 1, -a.element.delta, a.offset)
                    let right = (!b.element.basePassed && b.element.candidatePassed ? 0 : 1, -b.element.delta, b.offset)
                    return left < right
                }.prefix(ScoreComparisonBuilder.keptRows).map(\.element))
        }

        mutating func finish(base: VariantScores, candidate: VariantScores, policy: VerdictPolicy, evaluators: Int)
            -> ScoreComparison.ModelComparison
        {
            Self.keepWorst(&regressions)
            Self.keepBest(&improvements)
            let mean = differences.isEmpty ? 0 : differenceSum / Double(differences.count)
            let interval = Statistics.bootstrapInterval(
                of: differences, confidence: policy.confidence, resamples: policy.resamples, seed: policy.seed)
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
            let sequential = orderSeed.map { _ in sequentialVerdict(policy: policy, evaluators: evaluators) }
            return ScoreComparison.ModelComparison(
                baseModel: base.model, candidateModel: candidate.model, base: base, candidate: candidate,
                pairs: differences.count, meanDifference: mean, interval: interval, passToFail: worse,
                failToPass: better,
                pValue: p, verdict: sequential?.verdict ?? verdict, regressions: regressions,
                improvements: improvements,
                regressedRows: regressedRows, improvedRows: improvedRows, sequential: sequential)
        }

        /// The sequential test over the paired rows in their seeded order: the same rows
        /// in the same order give the same decision, so the run that stopped on it and
        /// every later reading of its results agree.
        private func sequentialVerdict(policy: VerdictPolicy, evaluators: Int) -> ScoreComparison.SequentialVerdict {
            var test = SequentialGate(margin: policy.minEffect, alpha: policy.alpha, evaluators: evaluators)
            let order = orderKeys.indices.sorted { (orderKeys[$0], $0) < (orderKeys[$1], $1) }
            for index in order {
                test.add(scoreChange: Double(differences[index]), passChange: Double(passChanges[index]))
            }
            return ScoreComparison.SequentialVerdict(
                decision: test.decision, decidedAfter: test.decidedAfter, isSettled: test.isSettled, rows: test.rows)
        }

        /// Evaluators whose pass state differs: passing on `old` and failing on `new` when
        /// `passing`, the reverse otherwise.
        private static func flipped(from old: ResultRecord, to new: ResultRecord, passing: Bool) -> [String] {
            let before = old.evaluations
            let after = new.evaluations
            return before.keys.sorted().filter { name in
                guard let was = before[name], let now = after[name], was.error == nil, now.error == nil else {
                    return false
                }
                return passing ? (was.passed && !now.passed) : (!was.passed && now.passed)
            }
        }
    }
}
