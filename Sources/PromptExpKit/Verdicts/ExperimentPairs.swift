/// The base and candidate records of a run paired by row, model slot and repeat, for the
/// views that show every pair (`exp show`, `exp diff`).
public struct ExperimentPairs: Sendable {
    /// A base record and its candidate counterpart.
    public struct Pair: Sendable {
        public let base: ResultRecord
        public let candidate: ResultRecord
        /// The answers differ: their text or their tool calls, or one failed.
        public var changed: Bool { base.answerText != candidate.answerText || base.error != candidate.error }
    }

    /// Every pair in results order.
    public let pairs: [Pair]

    public init(records: [ResultRecord]) {
        pairs = RecordPairing.pairs(records).map { Pair(base: records[$0.base], candidate: records[$0.candidate]) }
    }

    /// The pairs whose output (or error) differs.
    public var changed: [Pair] { pairs.filter(\.changed) }
}
