import Foundation
import PromptExpKit
import Testing

/// `tool-call` and `no-tool-call`: expected from the settings or from the row, arguments
/// matched exactly, as a subset or against a schema, and the first difference named.
@Suite struct ToolCallEvaluatorTests {
    typealias H = EvaluatorHarness

    static func judge(
        _ evaluator: any Evaluator, calls: [ToolCall], output: String = "", expected: JSONValue? = nil
    ) async -> Evaluation {
        var record = H.record(output)
        record.toolCalls = calls
        return await evaluator.evaluate(
            EvaluationInput(row: DatasetRow(id: "r1", inputs: [:], expected: expected), record: record))
    }

    static let order = ToolCall(id: "c1", name: "get_order", arguments: ["id": "A-7", "verbose": true])

    @Test func theExpectedToolWithMatchingArgumentsPasses() async throws {
        let subset = try H.evaluator("kind: tool-call\ntool: get_order\narguments: {id: A-7}")
        let passed = await Self.judge(subset, calls: [Self.order])
        #expect(passed.passed && passed.score == 1)
        #expect(passed.reason == "called get_order as expected")

        let wrongValue = await Self.judge(subset, calls: [ToolCall(name: "get_order", arguments: ["id": 7])])
        #expect(!wrongValue.passed)
        #expect(wrongValue.reason == #"called get_order with {"id":7}, expected id "A-7""#)

        let exact = try H.evaluator("kind: tool-call\ntool: get_order\narguments: {id: A-7}\nmatch: exact")
        let extraKey = await Self.judge(exact, calls: [Self.order])
        #expect(!extraKey.passed)
        #expect(extraKey.reason == #"called get_order with {"id":"A-7","verbose":true}, expected {"id":"A-7"}"#)

        let otherTool = await Self.judge(subset, calls: [ToolCall(name: "search_help", arguments: [:])])
        #expect(otherTool.reason == "called search_help, expected get_order")
        let text = await Self.judge(subset, calls: [], output: "Your order is on its way.")
        #expect(text.reason == "no tool call, expected get_order")
        #expect(!text.passed)
    }

    @Test func argumentsCanBeCheckedAgainstASchema() async throws {
        let evaluator = try H.evaluator(
            "kind: tool-call\ntool: get_order\narguments_schema: {type: object, required: [id], properties: {id: {type: string}}}"
        )
        #expect(await Self.judge(evaluator, calls: [Self.order]).passed)
        let broken = await Self.judge(evaluator, calls: [ToolCall(name: "get_order", arguments: ["id": 7])])
        #expect(!broken.passed)
        #expect(broken.reason.hasPrefix(#"called get_order with {"id":7}, which breaks the schema: "#))
    }

    @Test func theRowCanSayWhichCallsItExpects() async throws {
        let evaluator = try H.evaluator("kind: tool-call")
        let expected: JSONValue = [
            "tool_calls": [["name": "get_order", "arguments": ["id": "A-7"]], ["name": "notify", "arguments": [:]]]
        ]
        let half = await Self.judge(evaluator, calls: [Self.order], expected: expected)
        #expect(half.score == 0.5)
        #expect(half.reason == "no tool call, expected notify" || half.reason == "called get_order, expected notify")
        let noExpectation = await Self.judge(evaluator, calls: [Self.order])
        #expect(noExpectation.error?.contains("has no expected.tool_calls") == true)
        // An empty list: the row expects an answer without a call.
        let none: JSONValue = ["tool_calls": []]
        #expect(await Self.judge(evaluator, calls: [], expected: none).passed)
        let called = await Self.judge(evaluator, calls: [Self.order], expected: none)
        #expect(!called.passed)
        #expect(called.reason.hasPrefix("called get_order("))
    }

    @Test func argumentsThatAreNotJSONAreWhatTheModelDidAndFail() async throws {
        let evaluator = try H.evaluator("kind: tool-call\ntool: get_order")
        let invalid = ToolCall(id: nil, name: "get_order", argumentsText: "{id: A-7")
        let judged = await Self.judge(evaluator, calls: [invalid])
        #expect(!judged.passed)
        #expect(judged.reason == "called get_order with arguments that are not valid JSON: {id: A-7")
    }

    @Test func noToolCallPassesOnTextAndFailsOnACall() async throws {
        let evaluator = try H.evaluator("kind: no-tool-call")
        #expect(await Self.judge(evaluator, calls: [], output: "Hello").passed)
        let called = await Self.judge(evaluator, calls: [Self.order])
        #expect(!called.passed)
        #expect(called.reason == #"called get_order({"id":"A-7","verbose":true})"#)
    }

    @Test func textEvaluatorsReadTheCallsToo() async throws {
        let contains = try H.evaluator("kind: contains\nvalue: get_order")
        #expect(await Self.judge(contains, calls: [Self.order]).passed)
    }

    @Test(arguments: [
        ("kind: tool-call\narguments: {id: 1}", "arguments and arguments_schema go with tool"),
        ("kind: tool-call\ntool: f\nmatch: fuzzy", "match must be one of exact, subset, schema"),
        ("kind: tool-call\ntool: f\nmatch: schema", "match: schema needs arguments_schema"),
    ])
    func badSettingsAreErrors(yaml: String, message: String) {
        #expect(H.error(yaml)?.contains(message) == true, "\(H.error(yaml) ?? "no error")")
    }
}
