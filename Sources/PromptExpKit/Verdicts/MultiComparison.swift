/// Several variants of one prompt over the same rows (`exp compare`): each variant's pass
/// rate and mean score per model, and every pair compared on the rows both answered —
/// the rows one passes and the other fails, McNemar's exact test on them, and the p-value
/// adjusted for all the pairs and models at once by Holm's method, so the chance of any
/// false "better" among them stays at α. A variant is the winner only when it is
/// significantly better than every other on every model.
public struct MultiComparison: Sendable {
    /// One variant on one model.
    public struct Standing: Sendable {
        public let variant: String
        public let model: String
        /// Rows it was scored on, the share where every evaluator passed, the mean score.
        public let rows: Int
        public let passRate: Double
        public let meanScore: Double
    }

    /// Two variants on one model, `first` against `second`.
    public struct Pair: Sendable {
        public let first: String
        public let second: String
        public let model: String
        /// Rows both were scored on.
        public let rows: Int
        /// Rows `first` passes and `second` fails, and the reverse.
        public let firstOnly: Int
        public let secondOnly: Int
        /// Mean score of `first` − `second` over the paired rows.
        public let meanDifference: Double
        public let pValue: Double
        /// Holm-adjusted over every pair and model.
        public let adjustedP: Double
        /// The variant significantly better (adjusted p < α), or nil.
        public let better: String?
    }

    public let variants: [String]
    public let models: [String]
    public let standings: [Standing]
    public let pairs: [Pair]
    public let alpha: Double
    /// Better than every other variant on every model; nil when none is.
    public let winner: String?

    /// Gathers the rows of a results file of several variants, a row's records together.
    public struct Builder {
        let weights: [String: Double]
        private var variants: [String] = []
        private var models: [String] = []
        /// Per model, per row: each variant's (mean score, every repeat passed).
        private var rows: [String: [[String: (score: Double, passed: Bool)]]] = [:]

        public init(weights: [String: Double]) {
            self.weights = weights
        }

        public mutating func addRow(_ records: [ResultRecord]) {
            var groups: [String: [String: [ResultRecord]]] = [:]
            for record in records {
                if !variants.contains(record.variant) { variants.append(record.variant) }
                if !models.contains(record.model) { models.append(record.model) }
                groups[record.model, default: [:]][record.variant, default: []].append(record)
            }
            for (model, byVariant) in groups {
                var row: [String: (score: Double, passed: Bool)] = [:]
                for (variant, repeats) in byVariant {
                    // A failed call or an unscored one leaves the variant out of this row.
                    let scores = repeats.compactMap { $0.succeeded ? $0.overall(weights: weights) : nil }
                    guard scores.count == repeats.count, !scores.isEmpty else { continue }
                    row[variant] = (
                        scores.reduce(0) { $0 + $1.score } / Double(scores.count), scores.allSatisfy(\.passed)
                    )
                }
                rows[model, default: []].append(row)
            }
        }

        public func finish(alpha: Double) -> MultiComparison {
            var standings: [Standing] = []
            for model in models {
                for variant in variants {
                    let scored = (rows[model] ?? []).compactMap { $0[variant] }
                    let count = Double(max(1, scored.count))
                    standings.append(
                        Standing(
                            variant: variant, model: model, rows: scored.count,
                            passRate: Double(scored.filter(\.passed).count) / count,
                            meanScore: scored.reduce(0) { $0 + $1.score } / count))
                }
            }
            var raw:
                [(first: String, second: String, model: String, rows: Int, a: Int, b: Int, mean: Double, p: Double)] =
                    []
            for model in models {
                for (index, first) in variants.enumerated() {
                    for second in variants[(index + 1)...] {
                        let both = (rows[model] ?? []).compactMap { row in
                            row[first].flatMap { a in row[second].map { b in (a, b) } }
                        }
                        let firstOnly = both.filter { $0.0.passed && !$0.1.passed }.count
                        let secondOnly = both.filter { !$0.0.passed && $0.1.passed }.count
                        let mean =
                            both.isEmpty ? 0 : both.reduce(0) { $0 + $1.0.score - $1.1.score } / Double(both.count)
                        raw.append(
                            (
                                first, second, model, both.count, firstOnly, secondOnly, mean,
                                Statistics.mcNemarExact(worse: secondOnly, better: firstOnly)
                            ))
                    }
                }
            }
            let adjusted = HolmAdjustment.adjust(raw.map(\.p))
            let pairs = zip(raw, adjusted).map { pair, adjustedP in
                Pair(
                    first: pair.first, second: pair.second, model: pair.model, rows: pair.rows, firstOnly: pair.a,
                    secondOnly: pair.b, meanDifference: pair.mean, pValue: pair.p, adjustedP: adjustedP,
                    better: adjustedP < alpha && pair.a != pair.b ? (pair.a > pair.b ? pair.first : pair.second) : nil)
            }
            let winner = variants.first { variant in
                pairs.allSatisfy { pair in
                    pair.first != variant && pair.second != variant || pair.better == variant
                }
            }
            return MultiComparison(
                variants: variants, models: models, standings: standings, pairs: pairs, alpha: alpha,
                winner: variants.count > 1 ? winner : nil)
        }
    }
}
