/// How often an evaluator agrees with people's labels on the same outputs (good = pass):
/// the share of agreement and Cohen's kappa, which discounts the agreement chance alone
/// would give.
public struct LabelAgreement: Hashable, Sendable {
    public let evaluator: String
    /// Outputs that both a person and the evaluator judged.
    public let outputs: Int
    public let agreed: Int
    /// Nil when chance explains everything (both always said the same thing).
    public let kappa: Double?

    /// One agreement per evaluator that judged a labelled output, by name.
    public static func compute(labels: [HumanLabel], records: [ResultRecord]) -> [LabelAgreement] {
        let byKey = Dictionary(labels.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var pairs: [String: [(human: Bool, evaluator: Bool)]] = [:]
        for record in records {
            let key = HumanLabel(
                rowID: record.rowID, model: record.model, repeatIndex: record.repeatIndex, variant: record.variant,
                good: true
            ).key
            guard let label = byKey[key], label.labels(record) else { continue }
            for (name, evaluation) in record.evaluations where evaluation.error == nil {
                pairs[name, default: []].append((label.good, evaluation.passed))
            }
        }
        return pairs.keys.sorted().compactMap { name in
            guard let judged = pairs[name], !judged.isEmpty else { return nil }
            let count = Double(judged.count)
            let agreed = judged.filter { $0.human == $0.evaluator }.count
            let humanYes = Double(judged.filter(\.human).count) / count
            let evaluatorYes = Double(judged.filter(\.evaluator).count) / count
            let chance = humanYes * evaluatorYes + (1 - humanYes) * (1 - evaluatorYes)
            let observed = Double(agreed) / count
            return LabelAgreement(
                evaluator: name, outputs: judged.count, agreed: agreed,
                kappa: chance < 1 ? (observed - chance) / (1 - chance) : nil)
        }
    }

    public var json: JSONValue {
        [
            "evaluator": .string(evaluator), "outputs": .int(outputs), "agreed": .int(agreed),
            "kappa": kappa.map { .double(($0 * 1000).rounded() / 1000) } ?? .null,
        ]
    }
}
