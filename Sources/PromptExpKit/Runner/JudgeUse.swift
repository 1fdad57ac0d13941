/// What an LLM-judge evaluator will spend per output it scores: which model it calls, how
/// many calls (a pairwise judge asks in both orders, once per pair), and the size of its
/// rubric, so a run's plan, estimate and budget count the judges' calls like the models'.
public struct JudgeUse: Sendable {
    public let evaluator: String
    public let model: ResolvedModel
    /// Bytes of the rubric prompt sent with every judged output.
    public let rubricBytes: Int
    /// True when it judges a base/candidate pair (two calls a pair), not each output.
    public let perPair: Bool
    /// Tokens a judge answers with: one JSON object with a short reason.
    public static let answerTokens = 64

    /// Dollars for one judge call about an output of `outputTokens`; nil without a price.
    func costPerCall(outputTokens: Int) -> Double? {
        let judged = perPair ? 2 * outputTokens : outputTokens
        return model.price?.cost(inputTokens: rubricBytes / 4 + judged + 32, outputTokens: Self.answerTokens)
    }
}
