import Foundation

/// `tool-call`: the model called the expected tool(s) with arguments that match; and
/// `no-tool-call`: it called none.
///
/// What is expected comes from the evaluator's settings (`tool`, and `arguments` or
/// `arguments_schema`) or, without `tool`, from the row: `expected.tool_calls`, a list of
/// `{name, arguments}`. Arguments match `exact`ly, as a `subset` (the keys given are equal;
/// the default), or against a JSON Schema. Each expected call is looked for among the
/// answer's calls by name; the score is the share found, and the reason names the first
/// difference (`called get_order with {"id":7}, expected id "A-7"`).
public struct ToolCallEvaluator: Evaluator {
    public enum Match: String, Sendable, CaseIterable {
        case exact, subset, schema
    }

    /// One call the answer should contain.
    struct Expectation: Sendable {
        var name: String
        var arguments: JSONValue?
        var schema: JSONSchema?
    }

    public let common: EvaluatorCommon
    /// Set for `no-tool-call`.
    let expectsNone: Bool
    /// From the settings; nil: from the row's `expected.tool_calls`.
    let configured: Expectation?
    let match: Match

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings, expectsNone: Bool = false) throws(EvaluatorError) {
        common = try settings.common()
        self.expectsNone = expectsNone
        guard !expectsNone else {
            configured = nil
            match = .subset
            return
        }
        let schemaValue = settings.value("arguments_schema")
        let arguments = settings.value("arguments")
        let matchName = try settings.string("match") ?? (schemaValue == nil ? "subset" : "schema")
        guard let match = Match(rawValue: matchName) else {
            throw settings.fail("match must be one of \(Match.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.match = match
        if let tool = try settings.string("tool") {
            var schema: JSONSchema?
            if let schemaValue {
                do {
                    schema = try JSONSchema(schemaValue)
                } catch {
                    throw settings.fail("arguments_schema is not a schema promptexp can check: \(error)")
                }
            }
            if match == .schema, schema == nil { throw settings.fail("match: schema needs arguments_schema") }
            configured = Expectation(name: tool, arguments: arguments, schema: schema)
        } else {
            guard arguments == nil, schemaValue == nil else {
                throw settings.fail("arguments and arguments_schema go with tool: name the tool they belong to")
            }
            configured = nil
        }
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let calls = input.record.toolCalls
        func noCall() -> Evaluation {
            guard let first = calls.first else { return common.judge(score: 1, reason: "no tool call") }
            return common.judge(score: 0, reason: "called \(first.line.dropFirst(2))")
        }
        if expectsNone { return noCall() }
        let expected: [Expectation]
        if let configured {
            expected = [configured]
        } else {
            guard let list = input.row.expected?["tool_calls"]?.arrayValue else {
                return .failure(
                    "row \(input.row.id) has no expected.tool_calls: give the row a list of {name, arguments} ([] for none), or the evaluator a tool:"
                )
            }
            // An empty list says the model should answer without calling a tool.
            if list.isEmpty { return noCall() }
            var read: [Expectation] = []
            for item in list {
                guard let name = item["name"]?.stringValue else {
                    return .failure("row \(input.row.id): each of expected.tool_calls needs a name")
                }
                read.append(Expectation(name: name, arguments: item["arguments"]))
            }
            expected = read
        }
        var found = 0
        var firstDifference: String?
        for expectation in expected {
            let difference = Self.difference(expectation, in: calls, match: match)
            if let difference {
                if firstDifference == nil { firstDifference = difference }
            } else {
                found += 1
            }
        }
        let score = Double(found) / Double(expected.count)
        let names = expected.map(\.name).joined(separator: ", ")
        return common.judge(score: score, reason: firstDifference ?? "called \(names) as expected")
    }

    /// Why `calls` do not hold `expectation`; nil when one of them does.
    static func difference(_ expectation: Expectation, in calls: [ToolCall], match: Match) -> String? {
        let named = calls.filter { $0.name == expectation.name }
        guard !named.isEmpty else {
            guard let other = calls.first else { return "no tool call, expected \(expectation.name)" }
            return "called \(other.name), expected \(expectation.name)"
        }
        var firstProblem: String?
        for call in named {
            guard call.argumentsAreValid else {
                firstProblem =
                    firstProblem ?? "called \(call.name) with arguments that are not valid JSON: \(call.argumentsText)"
                continue
            }
            let problem = Self.argumentProblem(call.arguments, expectation: expectation, match: match)
            guard let problem else { return nil }
            firstProblem = firstProblem ?? "called \(call.name) with \(call.arguments.canonicalJSON), \(problem)"
        }
        return firstProblem
    }

    /// What is wrong with `arguments`; nil when they match.
    static func argumentProblem(_ arguments: JSONValue, expectation: Expectation, match: Match) -> String? {
        if let schema = expectation.schema, match == .schema {
            let violations = schema.violations(of: arguments)
            return violations.first.map { "which breaks the schema: \($0)" }
        }
        guard let wanted = expectation.arguments else { return nil }
        switch match {
        case .exact, .schema:
            return arguments == wanted ? nil : "expected \(wanted.canonicalJSON)"
        case .subset:
            guard let wantedKeys = wanted.objectValue else {
                return arguments == wanted ? nil : "expected \(wanted.canonicalJSON)"
            }
            for key in wantedKeys.keys.sorted() {
                guard let value = wantedKeys[key] else { continue }
                guard let given = arguments[key] else {
                    return "expected \(key) \(value.canonicalJSON), which is missing"
                }
                if given != value { return "expected \(key) \(value.canonicalJSON)" }
            }
            return nil
        }
    }
}
