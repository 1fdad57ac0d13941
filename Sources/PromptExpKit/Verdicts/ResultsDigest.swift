/// What summaries, reports and commit messages need from a results file, gathered record by
/// record as the file streams (a row's records together, as a run writes them): totals per
/// variant and model, how many base/candidate outputs changed with the first few of them,
/// and with evaluators the scores and the verdict. Nothing in it grows with the rows but
/// the verdict's one number per row and side.
public struct ResultsDigest: Sendable {
    /// A base/candidate pair whose output (or error) differs.
    public struct Change: Sendable {
        public let rowID: String
        public let model: String
        public let repeatIndex: Int
        public let base: String?
        public let candidate: String?
    }

    /// Changed outputs kept in full, in results order.
    public static let keptChanges = 50

    /// Calls, errors, tokens, cost and latency per variant and model.
    public internal(set) var summary = RunSummary()
    /// Base/candidate pairs (row, model slot, repeat), and how many of them changed.
    public internal(set) var pairs = 0
    public internal(set) var changed = 0
    /// The first `keptChanges` changed pairs.
    public internal(set) var changes: [Change] = []
    /// Scores compared row by row, with the verdict; nil without evaluators.
    public internal(set) var comparison: ScoreComparison?
    /// Each variant's scores on each model, in order of first use; empty without evaluators.
    public internal(set) var variants: [VariantScores] = []

    /// The digest of records already in memory, in any order of rows.
    public init(records: [ResultRecord], weights: [String: Double]?, policy: VerdictPolicy = VerdictPolicy()) {
        var builder = Builder(weights: weights, policy: policy)
        for record in records.groupedByRow.joined() { builder.add(record) }
        self = builder.finish()
    }

    init() {}

    /// Gathers a digest from records fed in results order.
    public struct Builder {
        private var digest = ResultsDigest()
        private var scores: ScoreComparisonBuilder?
        private var currentRow: String?
        private var rowRecords: [ResultRecord] = []

        /// `weights` of the evaluators that scored the records; nil when there are none.
        /// `expectedRows`, when known, lets the verdict's per-row numbers be reserved once.
        public init(weights: [String: Double]?, policy: VerdictPolicy = VerdictPolicy(), expectedRows: Int = 0) {
            scores = weights.map { ScoreComparisonBuilder(weights: $0, policy: policy, expectedRows: expectedRows) }
        }

        public mutating func add(_ record: ResultRecord) {
            if record.rowID != currentRow {
                closeRow()
                currentRow = record.rowID
            }
            rowRecords.append(record)
            digest.summary.add(record, reused: false)
            scores?.add(record)
        }

        public mutating func finish() -> ResultsDigest {
            closeRow()
            if var scores {
                let (comparison, variants) = scores.finishWithVariants()
                digest.comparison = comparison
                digest.variants = variants
            }
            return digest
        }

        private mutating func closeRow() {
            for pair in RecordPairing.pairs(rowRecords) {
                let base = rowRecords[pair.base]
                let candidate = rowRecords[pair.candidate]
                digest.pairs += 1
                guard base.answerText != candidate.answerText || base.error != candidate.error else { continue }
                digest.changed += 1
                if digest.changes.count < ResultsDigest.keptChanges {
                    digest.changes.append(
                        Change(
                            rowID: base.rowID, model: candidate.model, repeatIndex: base.repeatIndex,
                            base: base.shownText, candidate: candidate.shownText))
                }
            }
            rowRecords.removeAll(keepingCapacity: true)
        }
    }
}
