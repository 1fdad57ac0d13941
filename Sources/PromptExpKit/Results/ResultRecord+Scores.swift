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
        // Read from the stored scores directly, as `Evaluation(json:)` reads them: this runs
        // for every record of every view and verdict, and building a dictionary of
        // evaluations only to walk it once took a sixth of the view's time on a large run.
        for (name, value) in scores {
            guard value["error"]?.stringValue == nil, let score = value["score"]?.doubleValue,
                case .bool(let pass)? = value["pass"]
            else { continue }
            let weight = weights[name] ?? 1
            // Weight 0: recorded and shown, not counted (neither score nor pass): a judge
            // people do not agree with (`JudgeTrust`), or one set so in the config.
            guard weight > 0 else { continue }
            total += score * weight
            weightSum += weight
            passed = passed && pass
            any = true
        }
        guard any else { return nil }
        return (weightSum > 0 ? total / weightSum : 0, passed)
    }
}
