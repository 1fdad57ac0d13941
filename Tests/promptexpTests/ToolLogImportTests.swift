import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Logged requests of a tool-using app import into runnable rows: the earlier turns (tool
/// calls and results, in OpenAI's or Anthropic's shape) become the conversation input,
/// and production's answer keeps its tool calls, which `--base-from-log` then reuses.
@Suite struct ToolLogImportTests {
    static let prompt = OrdersPrompt.text(frontMatter: "model: mock/echo\ntests:\n  evaluators: [tool-call]\n")

    /// One Helicone line: OpenAI-shaped, with an earlier tool call and its result, answered
    /// by a call to get_order.
    static func openAILine(_ index: Int) -> String {
        let request: JSONValue = [
            "model": "gpt-4o-mini",
            "messages": [
                ["role": "system", "content": "You help with orders."],
                ["role": "user", "content": .string("Where is A-\(index)?")],
                [
                    "role": "assistant", "content": .null,
                    "tool_calls": [
                        [
                            "id": .string("call_\(index)"), "type": "function",
                            "function": ["name": "get_order", "arguments": .string(#"{"order_id":"A-\#(index)"}"#)],
                        ]
                    ],
                ],
                ["role": "tool", "tool_call_id": .string("call_\(index)"), "content": #"{"status":"shipped"}"#],
                ["role": "user", "content": .string("And order B-\(index)?")],
            ],
        ]
        let response: JSONValue = [
            "choices": [
                [
                    "message": [
                        "role": "assistant", "content": .null,
                        "tool_calls": [
                            [
                                "id": .string("call_b\(index)"), "type": "function",
                                "function": [
                                    "name": "get_order", "arguments": .string(#"{"order_id":"B-\#(index)"}"#),
                                ],
                            ]
                        ],
                    ],
                    "finish_reason": "tool_calls",
                ]
            ]
        ]
        let line: JSONValue = [
            "request_id": .string("req-\(index)"), "delay_ms": 120, "request_body": request, "response_body": response,
        ]
        return line.canonicalJSON
    }

    /// The same conversation as an Anthropic request: `tool_use` and `tool_result` blocks.
    static let anthropicLine: String = {
        let request: JSONValue = [
            "model": "claude-haiku-4-5", "system": "You help with orders.",
            "messages": [
                ["role": "user", "content": "Where is A-9?"],
                [
                    "role": "assistant",
                    "content": [
                        ["type": "tool_use", "id": "toolu_9", "name": "get_order", "input": ["order_id": "A-9"]]
                    ],
                ],
                [
                    "role": "user",
                    "content": [["type": "tool_result", "tool_use_id": "toolu_9", "content": #"{"status":"late"}"#]],
                ],
                ["role": "user", "content": "And order B-9?"],
            ],
        ]
        let response: JSONValue = [
            "content": [["type": "tool_use", "id": "toolu_b9", "name": "get_order", "input": ["order_id": "B-9"]]],
            "stop_reason": "tool_use",
        ]
        let line: JSONValue = [
            "request_id": "req-9", "delay_ms": 80, "request_body": request, "response_body": response,
        ]
        return line.canonicalJSON
    }()

    @Test func toolUsingRequestsImportWithTheirConversationAndAnswers() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(["prompts/orders.prompt": Self.prompt], message: "orders")
        try scratch.git("checkout", "-q", "--", ".")
        let log = scratch.root.appendingPathComponent("helicone.jsonl")
        try ((1...3).map(Self.openAILine) + [Self.anthropicLine]).joined(separator: "\n").appending("\n")
            .write(to: log, atomically: true, encoding: .utf8)
        let imported = try scratch.promptexp(
            "dataset", "import", log.path, "--prompt", "orders", "-o", "orders/production")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("4 rows written"), "\(imported.standardOutput)")

        let rows = try scratch.read("datasets/orders/production.jsonl").split(separator: "\n").map {
            try JSONValue.parse(Data($0.utf8))
        }
        #expect(rows.count == 4)
        let first = try #require(rows.first)
        #expect(first["inputs"]?["question"] == "And order B-1?")
        let history = try #require(first["inputs"]?["history"]?.arrayValue)
        #expect(history.map { $0["role"]?.stringValue } == ["user", "assistant", "tool"])
        #expect(history[1]["tool_calls"] == [["id": "call_1", "name": "get_order", "arguments": ["order_id": "A-1"]]])
        #expect(
            first["output"]?["tool_calls"] == [
                ["id": "call_b1", "name": "get_order", "arguments": ["order_id": "B-1"]]
            ])
        // Anthropic's blocks read as the same conversation.
        let last = try #require(rows.last)
        #expect(
            last["inputs"]?["history"]?.arrayValue?.map { $0["role"]?.stringValue } == ["user", "assistant", "tool"])
        #expect(last["inputs"]?["history"]?.arrayValue?[2]["tool_call_id"] == "toolu_9")

        // The rows run: the request carries the whole conversation.
        let render = try scratch.promptexp(
            "prompt", "render", "orders", "--row", "orders/production:\(first["id"]?.stringValue ?? "?")")
        #expect(render.status == 0, "\(render.standardError)")
        #expect(render.standardOutput.contains(#"→ get_order({"order_id":"A-1"})"#), "\(render.standardOutput)")
        #expect(render.standardOutput.contains("tool: (answers call_1)"))
    }
}

/// `prompt render` shows what a request carries: the image by its type, size and hash.
@Suite struct RenderImageTests {
    @Test func renderShowsTheImageByItsHash() throws {
        let scratch = try ScratchRepository()
        let png = TestImages.png
        try png.write(to: scratch.root.appendingPathComponent("dot.png"))
        try scratch.write(
            "prompts/look.prompt", "---\ninputs:\n  photo: {type: image}\n---\nuser:\nWhat is this?\nimage: {{photo}}\n"
        )
        let shown = try scratch.promptexp("prompt", "render", "look", "--var", "photo=dot.png")
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.contains("What is this?\n[image image/png, 70 bytes, sha256 497790947d46]"))
        let missing = try scratch.promptexp("prompt", "render", "look", "--var", "photo=gone.png")
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("input 'photo' of prompt 'look': cannot read gone.png"))
    }
}
