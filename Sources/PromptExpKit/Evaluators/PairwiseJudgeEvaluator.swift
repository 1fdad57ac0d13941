import Foundation

/// `pairwise`: the judge sees the base and candidate outputs of one row and prefers one or
/// calls a tie. Every pair is judged twice, in both orders, to cancel the judge's position
/// bias; when the two judgements disagree the pair is a tie. The candidate scores 1 for a
/// win, 0.5 for a tie and 0 for a loss, the base the mirror image, so the paired
/// difference is +1, 0 or −1 and a loss counts as pass → fail.
public struct PairwiseJudgeEvaluator: Evaluator {
    public let common: EvaluatorCommon
    let rubric: JudgeRubric

    public var name: String { common.name }
    public var weight: Double { common.weight }
    public var comparesPairs: Bool { true }
    public var judgeUse: JudgeUse? {
        JudgeUse(evaluator: name, model: rubric.model, rubricBytes: rubric.file.text.utf8.count, perPair: true)
    }

    static let format = #"{"winner": "A", "B" or "tie", "reason": "one short sentence"}"#

    init(_ settings: inout EvaluatorSettings, root: URL, config: ProjectConfig, caller: JudgeCaller?)
        throws(EvaluatorError)
    {
        common = try settings.common(defaultThreshold: 0.5)
        rubric = try JudgeRubric(&settings, root: root, config: config, caller: caller)
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        .failure("a pairwise judge needs a base and a candidate output of the same row")
    }

    /// How one ordering came out, for the underlying outputs.
    enum Preference: Equatable {
        case base, candidate, tie
    }

    public func evaluatePair(row: DatasetRow, base: ResultRecord, candidate: ResultRecord) async -> (
        base: Evaluation, candidate: Evaluation
    ) {
        if base.error != nil || candidate.error != nil {
            let failed = Evaluation.failure("a call failed: there is no pair to judge")
            return (failed, failed)
        }
        async let baseFirst = judge(row, a: base, b: candidate)
        async let candidateFirst = judge(row, a: candidate, b: base)
        let first: (Preference, String)
        let second: (Preference, String)
        switch (await baseFirst, await candidateFirst) {
        case (.success(let one), .success(let two)):
            // Each judgement already names the underlying record, whichever side it was shown on.
            first = one
            second = two
        case (.failure(let failure), _), (_, .failure(let failure)):
            let failed = Evaluation.failure(failure.message)
            return (failed, failed)
        }
        let outcome = first.0 == second.0 ? first.0 : .tie
        let score = outcome == .candidate ? 1.0 : outcome == .tie ? 0.5 : 0
        let reason =
            switch outcome {
            case .candidate: "candidate preferred in both orders: \(first.1)"
            case .base: "base preferred in both orders: \(first.1)"
            case .tie where first.0 == second.0: "a tie in both orders: \(first.1)"
            case .tie: "the two orders disagree, so a tie (base first: \(first.0), candidate first: \(second.0))"
            }
        return (
            Evaluation(score: 1 - score, passed: 1 - score >= common.threshold, reason: reason),
            Evaluation(score: score, passed: score >= common.threshold, reason: reason)
        )
    }

    /// Asks with `a` shown as output A and `b` as output B; the answer names which of the
    /// two underlying records won.
    private func judge(_ row: DatasetRow, a: ResultRecord, b: ResultRecord) async -> Result<
        (Preference, String), EvaluationFailure
    > {
        var context = row.inputs
        context["output_a"] = .string(a.output ?? "")
        context["output_b"] = .string(b.output ?? "")
        context["expected"] = .string(row.expected?.displayText ?? "")
        switch await rubric.ask(context, format: Self.format) {
        case .failure(let failure): return .failure(failure)
        case .success(let answer):
            let reason = answer["reason"]?.stringValue ?? ""
            let aIsBase = a.variant == "base"
            switch answer["winner"]?.stringValue?.uppercased() {
            case "A": return .success((aIsBase ? .base : .candidate, reason))
            case "B": return .success((aIsBase ? .candidate : .base, reason))
            case "TIE": return .success((.tie, reason))
            default:
                return .failure(
                    EvaluationFailure("the judge answered no winner (A, B or tie): \(answer.canonicalJSON.prefix(120))")
                )
            }
        }
    }
}
