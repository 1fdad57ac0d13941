extension ResultRecord {
    /// The evaluations stored in this record, by evaluator name.
    public var evaluations: [String: Evaluation] {
        scores.compactMapValues(Evaluation.init(json:))
    }

    /// The weighted mean score and overall pass (every evaluator passed) over the
    /// evaluations that could be made; nil when none could.
    public func overall(weights: [String: Double]) -> (score: Double, passed: Bool)? {
        var total = 0.0
        var weightSum = 0.0
        var passed = true
        var any = false
        for (name, evaluation) in evaluations where evaluation.error == nil {
            let weight = weights[name] ?? 1
            // Weight 0: recorded and shown, not counted (neither score nor pass): a judge
            // people do not agree with (`JudgeTrust`), or one set so in the config.
            guard weight > 0 else { continue }
            total += evaluation.score * weight
            weightSum += weight
            passed = passed && evaluation.passed
            any = true
        }
        guard any else { return nil }
        return (weightSum > 0 ? total / weightSum : 0, passed)
    }
}
