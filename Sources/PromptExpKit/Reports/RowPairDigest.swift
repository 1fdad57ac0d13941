/// The rows of each model's comparison as the HTML report draws them, gathered a row at a
/// time: each side's per-row scores binned, every row's score change (one number a row),
/// and in full only the `limit` rows that changed most for the worse.
public struct RowPairDigest: Sendable {
    /// One row's base and candidate (first repeat), with per-row scores (repeats averaged).
    public struct RowPair: Sendable {
        public let id: String
        public let base: ResultRecord
        public let candidate: ResultRecord
        public let baseScore: Double?
        public let candidateScore: Double?
        public var delta: Double? {
            guard let baseScore, let candidateScore else { return nil }
            return candidateScore - baseScore
        }
    }

    /// One model slot: base model against candidate model.
    public struct Model: Sendable {
        public let baseModel: String
        public let candidateModel: String
        /// Rows scored on each side, in ten bins over [0, 1].
        public internal(set) var baseBins = [Int](repeating: 0, count: 10)
        public internal(set) var candidateBins = [Int](repeating: 0, count: 10)
        /// Every paired row's score change, in results order.
        public internal(set) var deltas: [Double] = []
        /// The rows with the lowest change first (ties in results order), at most `limit`.
        public internal(set) var shown: [RowPair] = []
        /// All paired rows.
        public internal(set) var rows = 0
    }

    public internal(set) var models: [Model] = []

    /// The model slot comparing these two models, if any row paired them.
    public func model(base: String, candidate: String) -> Model? {
        models.first { $0.baseModel == base && $0.candidateModel == candidate }
    }

    /// The digest of records in memory, in any order of rows.
    public init(records: [ResultRecord], weights: [String: Double], limit: Int) {
        var builder = Builder(weights: weights, limit: limit)
        for row in records.groupedByRow { builder.addRow(row) }
        self = builder.finish()
    }

    init() {}

    public struct Builder {
        let weights: [String: Double]
        let limit: Int
        private var digest = RowPairDigest()
        private var baseModels: [String] = []
        private var candidateModels: [String] = []

        public init(weights: [String: Double], limit: Int) {
            self.weights = weights
            self.limit = limit
        }

        /// Adds one row's records (every variant, model and repeat of it).
        public mutating func addRow(_ records: [ResultRecord]) {
            guard let id = records.first?.rowID else { return }
            for record in records {
                if record.variant == "base", !baseModels.contains(record.model) { baseModels.append(record.model) }
                if record.variant == "candidate", !candidateModels.contains(record.model) {
                    candidateModels.append(record.model)
                }
            }
            for slot in 0..<min(baseModels.count, candidateModels.count) {
                if digest.models.count <= slot {
                    digest.models.append(Model(baseModel: baseModels[slot], candidateModel: candidateModels[slot]))
                }
                let base = records.filter { $0.variant == "base" && $0.model == baseModels[slot] }
                let candidate = records.filter { $0.variant == "candidate" && $0.model == candidateModels[slot] }
                guard let before = base.first, let after = candidate.first else { continue }
                let pair = RowPair(
                    id: id, base: before, candidate: after, baseScore: score(base), candidateScore: score(candidate))
                Self.add(pair, to: &digest.models[slot], limit: limit)
            }
        }

        private func score(_ records: [ResultRecord]) -> Double? {
            let scores = records.compactMap { $0.overall(weights: weights)?.score }
            return scores.isEmpty ? nil : Statistics.mean(scores)
        }

        /// Static, so no copy of the builder shares (and so copies) the arrays it grows.
        private static func add(_ pair: RowPair, to model: inout Model, limit: Int) {
            model.rows += 1
            if let score = pair.baseScore { model.baseBins[min(9, Int(score * 10))] += 1 }
            if let score = pair.candidateScore { model.candidateBins[min(9, Int(score * 10))] += 1 }
            if let delta = pair.delta { model.deltas.append(delta) }
            model.shown.append(pair)
            if model.shown.count >= 2 * max(1, limit) { keepWorst(&model.shown, limit: limit) }
        }

        private static func keepWorst(_ pairs: inout [RowPair], limit: Int) {
            pairs = Array(
                pairs.enumerated().sorted { a, b in
                    (a.element.delta ?? 0, a.offset) < (b.element.delta ?? 0, b.offset)
                }.prefix(limit).map(\.element))
        }

        public mutating func finish() -> RowPairDigest {
            for index in digest.models.indices { Self.keepWorst(&digest.models[index].shown, limit: limit) }
            return digest
        }
    }
}
