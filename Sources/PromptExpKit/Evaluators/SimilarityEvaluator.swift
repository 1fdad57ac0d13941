import Foundation

/// `similarity`: how close the output is to the row's `expected` answer (or to `value`),
/// by `method: rouge-l` (words, the default) or `levenshtein` (characters). Passes at
/// `threshold` (default 0.6).
public struct SimilarityEvaluator: Evaluator {
    public enum Method: String, Sendable {
        case rougeL = "rouge-l"
        case levenshtein
    }

    public let common: EvaluatorCommon
    let method: Method
    let value: MustacheText?
    let ignoreCase: Bool

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings) throws(EvaluatorError) {
        common = try settings.common(defaultThreshold: 0.6)
        let methodName = try settings.string("method") ?? Method.rougeL.rawValue
        guard let method = Method(rawValue: methodName) else {
            throw settings.fail("method must be rouge-l or levenshtein, found '\(methodName)'")
        }
        self.method = method
        ignoreCase = try settings.bool("ignore_case") ?? false
        if let text = try settings.string("value") {
            do {
                value = try MustacheText(text, path: "evaluator '\(settings.config.name)'")
            } catch {
                throw settings.fail("\(error)")
            }
        } else {
            value = nil
        }
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let reference: String
        if let value {
            reference = value.render(input.templateContext)
        } else if let expected = input.row.expected {
            reference = expected.displayText
        } else {
            return .failure("row \(input.row.id) has no expected value to compare with")
        }
        var output = input.output.trimmingCharacters(in: .whitespacesAndNewlines)
        var wanted = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if ignoreCase {
            output = output.lowercased()
            wanted = wanted.lowercased()
        }
        let score =
            switch method {
            case .rougeL: TextSimilarity.rougeL(candidate: output, reference: wanted)
            case .levenshtein: TextSimilarity.levenshtein(output, wanted)
            }
        return common.judge(
            score: score,
            reason: "\(method.rawValue) similarity \(String(format: "%.2f", score)) to the expected answer")
    }
}
