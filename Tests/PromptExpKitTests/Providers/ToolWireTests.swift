import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// Tools on each provider's wire: the request body in the provider's documented shape
/// (OpenAI `tools[].function` and `tool_choice`; Anthropic `tools[].input_schema` and
/// `tool_choice.type`; Gemini `tools[].functionDeclarations` and `toolConfig`), and its
/// tool-call answer parsed into `ToolCall`s with canonical arguments.
@Suite struct ToolWireTests {
    static let file = """
        ---
        tools:
          - name: get_order
            description: Look up an order by its number
            parameters:
              type: object
              properties:
                order_id: {type: string}
              required: [order_id]
          - name: search_help
            description: Search the help center
        tool_choice: {name: get_order}
        ---
        user:
        Where is order A-77?

        """

    static func request() throws -> ChatRequest {
        let prompt = try PromptFile(text: file, path: "prompts/p.prompt")
        return ChatRequest(
            model: "m-1", messages: try prompt.render([:], promptID: "p", rowLabel: "r"),
            params: prompt.frontMatter.requestParams)
    }

    static let orderSchema: JSONValue = [
        "type": "object", "properties": ["order_id": ["type": "string"]], "required": ["order_id"],
    ]
    static let emptySchema: JSONValue = ["type": "object", "properties": [:]]

    @Test func openAISendsFunctionsAndReadsToolCalls() async throws {
        try await withFakeServer { server, transport in
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL + "/v1", apiKey: nil, transport: transport)
            let response = try await provider.complete(try Self.request())
            let sent = try #require(server.requests.first?.json)
            #expect(
                sent["tools"] == [
                    [
                        "type": "function",
                        "function": [
                            "name": "get_order", "description": "Look up an order by its number",
                            "parameters": Self.orderSchema,
                        ],
                    ],
                    [
                        "type": "function",
                        "function": [
                            "name": "search_help", "description": "Search the help center",
                            "parameters": Self.emptySchema,
                        ],
                    ],
                ])
            #expect(sent["tool_choice"] == ["type": "function", "function": ["name": "get_order"]])
            #expect(
                response.toolCalls == [ToolCall(id: "call_fake_1", name: "get_order", arguments: ["order_id": "A-77"])])
            #expect(response.finishReason == "tool_calls")
            #expect(response.text == "")
        }
    }

    @Test func anthropicSendsInputSchemasAndReadsToolUseBlocks() async throws {
        try await withFakeServer { server, transport in
            let provider = AnthropicProvider(
                name: "a", baseURL: server.baseURL + "/v1", apiKey: nil, transport: transport)
            let response = try await provider.complete(try Self.request())
            let sent = try #require(server.requests.first?.json)
            #expect(
                sent["tools"] == [
                    [
                        "name": "get_order", "description": "Look up an order by its number",
                        "input_schema": Self.orderSchema,
                    ],
                    ["name": "search_help", "description": "Search the help center", "input_schema": Self.emptySchema],
                ])
            #expect(sent["tool_choice"] == ["type": "tool", "name": "get_order"])
            #expect(
                response.toolCalls == [ToolCall(id: "toolu_fake_1", name: "get_order", arguments: ["order_id": "A-77"])]
            )
            #expect(response.finishReason == "tool_calls")
        }
    }

    @Test func geminiSendsFunctionDeclarationsAndReadsFunctionCalls() async throws {
        try await withFakeServer { server, transport in
            let provider = GeminiProvider(
                name: "g", baseURL: server.baseURL + "/v1beta", apiKey: "k", transport: transport)
            let response = try await provider.complete(try Self.request())
            let sent = try #require(server.requests.first?.json)
            #expect(
                sent["tools"] == [
                    [
                        "functionDeclarations": [
                            [
                                "name": "get_order", "description": "Look up an order by its number",
                                "parameters": Self.orderSchema,
                            ],
                            [
                                "name": "search_help", "description": "Search the help center",
                                "parameters": Self.emptySchema,
                            ],
                        ]
                    ]
                ])
            #expect(
                sent["toolConfig"] == ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["get_order"]]])
            #expect(sent["generationConfig"]?["tools"] == nil)
            #expect(response.toolCalls == [ToolCall(name: "get_order", arguments: ["order_id": "A-77"])])
            #expect(response.finishReason == "tool_calls")
        }
    }

    @Test func aPromptWithoutToolsSendsWhatItSentBefore() throws {
        let prompt = try PromptFile(text: "---\nparams: {temperature: 0}\n---\nuser:\nhi\n", path: "p.prompt")
        #expect(prompt.frontMatter.requestParams == ["temperature": 0])
    }

    @Test func answersThatAreNotTheAnswerStayOutOfTheText() throws {
        // OpenAI: a refusal; arguments that are not JSON are kept as the model wrote them.
        let openAI = try OpenAIProvider.parse(
            json: [
                "choices": [
                    [
                        "message": [
                            "role": "assistant", "content": .null, "refusal": "I can't help with that.",
                            "tool_calls": [
                                ["id": "c1", "type": "function", "function": ["name": "f", "arguments": "{oops"]]
                            ],
                        ],
                        "finish_reason": "stop",
                    ]
                ]
            ])
        #expect(openAI.text == "")
        #expect(openAI.finishReason == "refusal")
        #expect(openAI.toolCalls.first?.argumentsAreValid == false)
        #expect(openAI.toolCalls.first?.line == "→ f({oops)")
        // Anthropic: thinking is reasoning, not the answer.
        let anthropic = try AnthropicProvider.parse(
            json: [
                "content": [
                    ["type": "thinking", "thinking": "Let me think.", "signature": "s"],
                    ["type": "text", "text": "Done."],
                ],
                "stop_reason": "refusal",
            ])
        #expect(anthropic.text == "Done.")
        #expect(anthropic.finishReason == "refusal")
        // Gemini: thought parts likewise.
        let gemini = try GeminiProvider.parse(
            json: [
                "candidates": [
                    [
                        "content": ["parts": [["text": "pondering", "thought": true], ["text": "Answer."]]],
                        "finishReason": "STOP",
                    ]
                ]
            ])
        #expect(gemini.text == "Answer.")
    }

    /// A call to a tool the request did not offer, or any call when the choice was none, is
    /// what the model did: recorded on the call, and seen by every evaluator.
    @Test func callsTheRequestDidNotAllowAreMarked() throws {
        let params = try Self.request().params
        let marked = ToolCall.marked(
            [
                ToolCall(name: "get_order", arguments: [:]), ToolCall(name: "delete_account", arguments: [:]),
            ], params: params)
        #expect(marked.map(\.problem) == [nil, "not offered"])
        #expect(marked[1].line == "→ delete_account({}) [not offered]")
        var refused = params
        refused["tool_choice"] = "none"
        #expect(
            ToolCall.marked([ToolCall(name: "get_order", arguments: [:])], params: refused).first?.problem
                == "tool_choice was none")
        // Kept in the results line and read back.
        #expect(ToolCall(json: marked[1].json)?.problem == "not offered")
    }

    @Test func toolCallsAreKeptInResultsLinesByteForByte() throws {
        var record = ResultRecord(
            rowID: "r", variant: "base", model: "m", repeatIndex: 0, promptBlob: Repository.hashBlob(Data("p".utf8)),
            requestHash: "h", output: "", finishReason: "tool_calls", usage: nil, cost: nil, latencyMilliseconds: 3,
            error: nil)
        record.toolCalls = [ToolCall(id: "c1", name: "get_order", arguments: ["z": 1, "a": ["y": 2, "b": 3]])]
        #expect(record.canonicalLine == record.json.canonicalJSON)
        #expect(
            record.canonicalLine.contains(
                #""tool_calls":[{"arguments":{"a":{"b":3,"y":2},"z":1},"id":"c1","name":"get_order"}]"#))
        let read = try #require(ResultRecord(json: try JSONValue.parse(Data(record.canonicalLine.utf8))))
        #expect(read == record)
        #expect(read.answerText == #"→ get_order({"a":{"b":3,"y":2},"z":1})"#)
        #expect(read.cachedResponse?.toolCalls == record.toolCalls)
    }
}
