/// Which base/candidate pairs a view shows (`exp show --worse --failing …`): every filter
/// set must hold.
public struct PairFilter: Sendable {
    /// Each evaluator's weight in a row's overall score.
    public let weights: [String: Double]
    /// Only pairs whose output (or error) differs.
    public var changed = false
    /// Only pairs whose score fell, or that went pass → fail.
    public var worse = false
    /// Only pairs whose score rose, or that went fail → pass.
    public var better = false
    /// Only pairs whose candidate fails its evaluators or whose call failed.
    public var failing = false
    /// Only pairs where a call failed.
    public var errors = false
    /// Only this row.
    public var row: String?

    public init(weights: [String: Double]) {
        self.weights = weights
    }

    public func matches(_ pair: ExperimentPairs.Pair) -> Bool {
        matches(pair, before: pair.base.overall(weights: weights), after: pair.candidate.overall(weights: weights))
    }

    /// The same, with the pair's overall scores (`ResultRecord.overall(weights:)` with
    /// these weights) already worked out: a caller testing several filters on one pair
    /// works them out once.
    public func matches(
        _ pair: ExperimentPairs.Pair, before: (score: Double, passed: Bool)?, after: (score: Double, passed: Bool)?
    ) -> Bool {
        if changed && !pair.changed { return false }
        if errors && pair.base.error == nil && pair.candidate.error == nil { return false }
        if let row, pair.base.rowID != row { return false }
        if worse {
            guard let before, let after, after.score < before.score - 1e-9 || (before.passed && !after.passed) else {
                return false
            }
        }
        if better {
            guard let before, let after, after.score > before.score + 1e-9 || (!before.passed && after.passed) else {
                return false
            }
        }
        if failing && pair.candidate.error == nil && after?.passed != false { return false }
        return true
    }
}
