import Foundation

/// `llm-judge`: a rubric prompt sent to a judge model, which answers in JSON.
/// - `scale: boolean` (default): `{"pass": true|false, "reason"}`, scored 1 or 0;
/// - `scale: range`: `{"score": 1…N, "reason"}` with `range: N` (default 5), mapped to [0, 1];
/// - `scale: choice`: `{"choice": "…", "reason"}`, each choice's score given in `choices`.
/// Judge calls go through `JudgeCaller`: cached, rate-limited, costed and resumable.
public struct LLMJudgeEvaluator: Evaluator {
    public enum Scale: Sendable, Equatable {
        case boolean
        case range(Int)
        case choice([(String, Double)])

        public static func == (lhs: Scale, rhs: Scale) -> Bool {
            switch (lhs, rhs) {
            case (.boolean, .boolean): true
            case (.range(let a), .range(let b)): a == b
            case (.choice(let a), .choice(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
            default: false
            }
        }
    }

    public let common: EvaluatorCommon
    public let scale: Scale
    let rubric: JudgeRubric

    public var name: String { common.name }
    public var weight: Double { common.weight }
    public var judgeUse: JudgeUse? {
        JudgeUse(evaluator: name, model: rubric.model, rubricBytes: rubric.file.text.utf8.count, perPair: false)
    }

    init(_ settings: inout EvaluatorSettings, root: URL, config: ProjectConfig, caller: JudgeCaller?)
        throws(EvaluatorError)
    {
        common = try settings.common(defaultThreshold: 0.5)
        switch try settings.string("scale") ?? "boolean" {
        case "boolean": scale = .boolean
        case "range":
            let points = try settings.number("range") ?? 5
            guard points >= 2, points == points.rounded() else {
                throw settings.fail("range must be a whole number, 2 or more")
            }
            scale = .range(Int(points))
        case "choice":
            guard let choices = settings.value("choices")?.objectValue, !choices.isEmpty else {
                throw settings.fail("scale choice needs choices: a mapping of each choice to its score in [0, 1]")
            }
            var scored: [(String, Double)] = []
            for name in choices.keys.sorted() {
                guard let score = choices[name]?.doubleValue, (0...1).contains(score) else {
                    throw settings.fail("choice '\(name)' must have a score between 0 and 1")
                }
                scored.append((name, score))
            }
            scale = .choice(scored)
        case let other: throw settings.fail("scale must be boolean, range or choice, found '\(other)'")
        }
        rubric = try JudgeRubric(&settings, root: root, config: config, caller: caller)
    }

    var format: String {
        switch scale {
        case .boolean: #"{"pass": true or false, "reason": "one short sentence"}"#
        case .range(let points):
            #"{"score": a whole number from 1 (worst) to \#(points) (best), "reason": "one short sentence"}"#
        case .choice(let choices):
            #"{"choice": one of \#(choices.map { JSONValue.string($0.0).canonicalJSON }.joined(separator: ", ")), "reason": "one short sentence"}"#
        }
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let answer: JSONValue
        switch await rubric.ask(JudgeRubric.context(input), format: format) {
        case .failure(let failure): return .failure(failure.message)
        case .success(let value): answer = value
        }
        let reason = answer["reason"]?.stringValue ?? ""
        switch scale {
        case .boolean:
            guard case .bool(let passed)? = answer["pass"] else {
                return .failure("the judge answered no pass: \(answer.canonicalJSON.prefix(120))")
            }
            return common.judge(score: passed ? 1 : 0, reason: reason)
        case .range(let points):
            guard let score = answer["score"]?.doubleValue, (1...Double(points)).contains(score) else {
                return .failure("the judge answered no score from 1 to \(points): \(answer.canonicalJSON.prefix(120))")
            }
            return common.judge(score: (score - 1) / Double(points - 1), reason: "\(Int(score))/\(points): \(reason)")
        case .choice(let choices):
            guard let choice = answer["choice"]?.stringValue, let score = choices.first(where: { $0.0 == choice })?.1
            else {
                return .failure("the judge answered no known choice: \(answer.canonicalJSON.prefix(120))")
            }
            return common.judge(score: score, reason: "\(choice): \(reason)")
        }
    }
}
