extension VariantScores {
    /// Accumulates one variant's scores on one model a row at a time, keeping one small
    /// number per row (its mean score as a `Float`, for the bootstrap interval: 4 bytes a
    /// row) and exact running totals for the rest, the mean included.
    struct Builder {
        let variant: String
        let model: String
        let weights: [String: Double]
        private var rowMeans: [Float] = []
        private var meanSum = 0.0
        private var allPassedRows = 0
        private var kOfN: [String: Int] = [:]
        private var errors = 0, scored = 0, passed = 0
        private var perEvaluator: [String: (pass: Int, total: Int, sum: Double)] = [:]

        /// `expectedRows`, when known, is reserved at once: an array that grows by doubling
        /// leaves its old buffers behind in the allocator, about twice its size at the end.
        init(variant: String, model: String, weights: [String: Double], expectedRows: Int = 0) {
            self.variant = variant
            self.model = model
            self.weights = weights
            rowMeans.reserveCapacity(expectedRows)
        }

        /// Adds one row's records (its repeats) and returns the row's aggregate, or nil when
        /// none of them could be scored.
        mutating func addRow(_ records: some Sequence<ResultRecord>) -> RowScore? {
            var row = RowScore()
            for record in records {
                for (name, evaluation) in record.evaluations {
                    if evaluation.error != nil {
                        errors += 1
                        continue
                    }
                    var entry = perEvaluator[name] ?? (0, 0, 0)
                    entry.total += 1
                    entry.sum += evaluation.score
                    if evaluation.passed { entry.pass += 1 }
                    perEvaluator[name] = entry
                }
                guard let overall = record.overall(weights: weights) else { continue }
                scored += 1
                if overall.passed { passed += 1 }
                row.scores.append(overall.score)
                row.passes.append(overall.passed)
            }
            guard !row.scores.isEmpty else { return nil }
            rowMeans.append(Float(row.mean))
            meanSum += row.mean
            if row.allPassed { allPassedRows += 1 }
            kOfN["\(row.passes.filter { $0 }.count)/\(row.passes.count)", default: 0] += 1
            return row
        }

        func finish(policy: VerdictPolicy) -> VariantScores {
            VariantScores(
                variant: variant, model: model, rows: rowMeans.count, scoredRecords: scored,
                meanScore: rowMeans.isEmpty ? 0 : meanSum / Double(rowMeans.count),
                interval: Statistics.bootstrapInterval(
                    of: rowMeans, confidence: policy.confidence, resamples: policy.resamples, seed: policy.seed),
                passRate: scored == 0 ? 0 : Double(passed) / Double(scored),
                allRepeatsPassRate: rowMeans.isEmpty ? 0 : Double(allPassedRows) / Double(rowMeans.count),
                passKOfN: kOfN, evaluationErrors: errors,
                evaluators: perEvaluator.mapValues { entry in
                    (
                        entry.total == 0 ? 0 : Double(entry.pass) / Double(entry.total),
                        entry.total == 0 ? 0 : entry.sum / Double(entry.total)
                    )
                })
        }
    }
}
