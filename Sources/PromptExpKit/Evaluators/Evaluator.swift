/// A named scorer of one output. Built from the config by `EvaluatorRegistry`.
public protocol Evaluator: Sendable {
    /// The name results and reports use (the config's key, or a built-in's name).
    var name: String { get }
    /// Its share in a row's overall score.
    var weight: Double { get }
    /// Judges one output. Never throws: a problem is an `Evaluation.failure`.
    func evaluate(_ input: EvaluationInput) async -> Evaluation
    /// True for evaluators that judge a base output and its candidate together.
    var comparesPairs: Bool { get }
    /// Judges a base and a candidate output of the same row: one evaluation for each side.
    func evaluatePair(row: DatasetRow, base: ResultRecord, candidate: ResultRecord) async -> (
        base: Evaluation, candidate: Evaluation
    )
    /// The model calls it makes, for an LLM judge; nil for evaluators that call nothing.
    var judgeUse: JudgeUse? { get }
}

extension Evaluator {
    public var comparesPairs: Bool { false }
    public var judgeUse: JudgeUse? { nil }

    public func evaluatePair(row: DatasetRow, base: ResultRecord, candidate: ResultRecord) async -> (
        base: Evaluation, candidate: Evaluation
    ) {
        (
            await evaluate(EvaluationInput(row: row, record: base)),
            await evaluate(EvaluationInput(row: row, record: candidate))
        )
    }
}

/// Settings every evaluator shares: name, weight, pass threshold and negation.
public struct EvaluatorCommon: Hashable, Sendable {
    public var name: String
    public var weight: Double = 1
    /// A score at or above this passes.
    public var threshold: Double
    /// Inverts a check: `contains` with `negate: true` passes when the text is absent.
    public var negate = false

    public init(name: String, threshold: Double = 1, weight: Double = 1, negate: Bool = false) {
        self.name = name
        self.threshold = threshold
        self.weight = weight
        self.negate = negate
    }

    /// A score judged against the threshold, after negation.
    func judge(score: Double, reason: String) -> Evaluation {
        let final = negate ? 1 - score : score
        return Evaluation(score: final, passed: final >= threshold - 1e-12, reason: negate ? "not: \(reason)" : reason)
    }
}
