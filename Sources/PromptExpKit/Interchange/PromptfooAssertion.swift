import Foundation

/// One promptfoo assert, converted: the evaluator it becomes, and the value that may differ
/// from one test case to the next. `PromptfooImporter` decides whether the value is the
/// same everywhere (then it goes in the evaluator) or belongs in each row (`expect.FIELD`,
/// with `only_if`).
struct PromptfooAssertion: Sendable {
    enum Shape: Hashable, Sendable {
        /// A text check: the value goes under `valueKey`.
        case match(valueKey: String)
        /// Several texts (`contains-any`/`-all`): `values` with `match`, or per row one regular expression.
        case several(any: Bool, ignoreCase: Bool)
        /// No value: the evaluator is complete as it is.
        case fixed
        /// A judge whose rubric text is the value.
        case judge(instruction: String)
        /// Code run by a helper program.
        case code(language: String)
    }

    /// Why an assert cannot be converted.
    struct Refusal: Error, ExpressibleByStringInterpolation {
        let reason: String
        init(stringLiteral value: String) { reason = value }
    }

    /// `contains`, `not-icontains`, `llm-rubric`: names the evaluator and the row field.
    var stem: String
    var kind: String
    var shape: Shape
    /// Settings besides the value (weight, threshold, negate, model, …).
    var settings: [(String, JSONValue)]
    var value: JSONValue?

    /// Compares everything but the value: asserts with the same signature share an evaluator.
    var signature: String {
        stem + "|" + kind + "|" + "\(shape)" + "|"
            + JSONValue.object(Dictionary(settings, uniquingKeysWith: { a, _ in a })).canonicalJSON
    }

    static let judgeInstructions: [String: String] = [
        "llm-rubric": "Does the output meet this rubric?",
        "model-graded-closedqa": "Does the output meet this criterion?",
        "factuality": "Is the output consistent with this fact (it may leave details out, but must not contradict it)?",
        "g-eval": "How well does the output meet these criteria?",
    ]

    /// Converts `node` (an assert mapping, or a CSV cell's `type: value` string already
    /// split into `type` and `value`), or says why it cannot be converted.
    static func convert(type rawType: String, value: JSONValue?, node: YAMLNode?, judgeModel: String?) -> Result<
        PromptfooAssertion, Refusal
    > {
        var type = rawType
        let negated = type.hasPrefix("not-")
        if negated { type.removeFirst(4) }
        var settings: [(String, JSONValue)] = []
        var model = judgeModel
        if let node, let entries = node.entries {
            for entry in entries {
                switch entry.key {
                case "type", "value": continue
                case "weight":
                    guard let weight = entry.value.json.doubleValue else { return .failure("weight is not a number") }
                    settings.append(("weight", .double(weight)))
                case "threshold":
                    guard let threshold = entry.value.json.doubleValue else {
                        return .failure("threshold is not a number")
                    }
                    settings.append(("threshold", .double(threshold)))
                case "provider":
                    guard let reference = entry.value.json.stringValue.flatMap(PromptfooProvider.model(for:)) else {
                        return .failure("its grading provider cannot be converted")
                    }
                    model = reference
                case "metric", "description": continue
                default: return .failure("its '\(entry.key)' has no promptexp equivalent")
                }
            }
        }
        if negated { settings.append(("negate", true)) }
        let stem = (negated ? "not-" : "") + type

        func assertion(_ kind: String, _ shape: Shape, extra: [(String, JSONValue)] = [], value: JSONValue? = value)
            -> Result<PromptfooAssertion, Refusal>
        {
            .success(PromptfooAssertion(stem: stem, kind: kind, shape: shape, settings: extra + settings, value: value))
        }
        switch type {
        case "equals", "contains", "icontains", "starts-with":
            guard let value else { return .failure("it has no value") }
            return assertion(type, .match(valueKey: "value"), value: .string(value.stringValue ?? value.canonicalJSON))
        case "regex":
            guard let pattern = value?.stringValue else { return .failure("it has no pattern") }
            return assertion("regex", .match(valueKey: "pattern"), value: .string(pattern))
        case "contains-any", "icontains-any", "contains-all", "icontains-all":
            let items =
                value?.arrayValue
                ?? value?.stringValue.map {
                    $0.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }
                }
            guard let items, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) else {
                return .failure("it needs a list of strings")
            }
            let ignoreCase = type.hasPrefix("i")
            return assertion(
                ignoreCase ? "icontains" : "contains", .several(any: type.hasSuffix("-any"), ignoreCase: ignoreCase),
                value: .array(items))
        case "is-json":
            if let schema = value, schema.objectValue != nil {
                return assertion("json-schema", .fixed, extra: [("schema", schema)], value: nil)
            }
            return assertion("json-valid", .fixed, value: nil)
        case "cost":
            guard let threshold = settings.first(where: { $0.0 == "threshold" })?.1 else {
                return .failure("it has no threshold")
            }
            settings.removeAll { $0.0 == "threshold" }
            return assertion("cost", .fixed, extra: [("max_usd", threshold)], value: nil)
        case "latency":
            guard let threshold = settings.first(where: { $0.0 == "threshold" })?.1 else {
                return .failure("it has no threshold")
            }
            settings.removeAll { $0.0 == "threshold" }
            return assertion("latency", .fixed, extra: [("max_ms", threshold)], value: nil)
        case "python", "javascript":
            guard let code = value?.stringValue, !code.isEmpty else { return .failure("it has no code") }
            return assertion("command", .code(language: type), value: .string(code))
        case "llm-rubric", "model-graded-closedqa", "factuality", "g-eval":
            guard let text = value?.stringValue ?? value?.arrayValue?.compactMap(\.stringValue).joined(separator: "\n"),
                !text.isEmpty
            else { return .failure("it has no rubric") }
            var extra: [(String, JSONValue)] = []
            if let model { extra.append(("model", .string(model))) }
            if type == "g-eval" { extra += [("scale", "range"), ("range", 10)] }
            return assertion(
                "llm-judge", .judge(instruction: judgeInstructions[type] ?? "Does the output meet this rubric?"),
                extra: extra, value: .string(text))
        default:
            return .failure("promptexp has no '\(rawType)' check")
        }
    }

    /// A regular expression that matches when any (or all) of `items` occur.
    static func pattern(for items: [JSONValue], any: Bool) -> String {
        let escaped = items.compactMap(\.stringValue).map { NSRegularExpression.escapedPattern(for: $0) }
        if any { return "(?:" + escaped.joined(separator: "|") + ")" }
        return "^" + escaped.map { "(?=[\\s\\S]*" + $0 + ")" }.joined()
    }
}
