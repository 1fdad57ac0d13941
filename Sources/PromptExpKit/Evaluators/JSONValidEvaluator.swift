import Foundation

/// `json-valid`: the output is one JSON value. With `strip_fences: true`, a Markdown code
/// fence around it (```json … ```) is allowed.
public struct JSONValidEvaluator: Evaluator {
    public let common: EvaluatorCommon
    let stripFences: Bool

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings) throws(EvaluatorError) {
        common = try settings.common()
        stripFences = try settings.bool("strip_fences") ?? false
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        switch Self.parse(input.output, stripFences: stripFences) {
        case .success(let value): return common.judge(score: 1, reason: "valid JSON \(value.typeName)")
        case .failure(let error): return common.judge(score: 0, reason: "not valid JSON: \(error.description)")
        }
    }

    /// Parses an output as JSON, optionally inside a Markdown code fence.
    static func parse(_ output: String, stripFences: Bool) -> Result<JSONValue, JSONParseError> {
        var text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if stripFences, text.hasPrefix("```"), text.hasSuffix("```"), text.count >= 6 {
            text = String(text.dropFirst(3).dropLast(3))
            if let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
        }
        do {
            return .success(try JSONValue.parse(Data(text.utf8)))
        } catch {
            return .failure(error)
        }
    }
}
