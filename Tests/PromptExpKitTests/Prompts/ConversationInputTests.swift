import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// A conversation input (`{type: messages}`, placed by `messages: {{history}}`): spliced
/// into the request message by message, checked before anything is sent, and sent in each
/// provider's shape with its tool calls and tool results.
@Suite struct ConversationInputTests {
    static let file = OrdersPrompt.text()

    static let history: JSONValue = [
        ["role": "user", "content": "Where is A-7?"],
        [
            "role": "assistant", "content": .null,
            "tool_calls": [
                [
                    "id": "call_1", "type": "function",
                    "function": ["name": "get_order", "arguments": #"{"order_id":"A-7"}"#],
                ]
            ],
        ],
        ["role": "tool", "tool_call_id": "call_1", "content": #"{"status":"shipped"}"#],
        ["role": "assistant", "content": [["type": "text", "text": "It has shipped."]]],
    ]

    static func messages() throws -> [ChatMessage] {
        let prompt = try PromptFile(text: file, path: "prompts/p.prompt")
        return try prompt.render(
            ["history": history, "question": "And order B-9?"], promptID: "p", rowLabel: "d.jsonl:1")
    }

    @Test func theConversationIsSplicedWhereTheTemplateSays() throws {
        let messages = try Self.messages()
        #expect(messages.map(\.role) == [.system, .user, .assistant, .tool, .assistant, .user])
        #expect(messages[0].content == "You help with orders.")
        #expect(messages[2].toolCalls == [ToolCall(id: "call_1", name: "get_order", arguments: ["order_id": "A-7"])])
        #expect(messages[3].toolCallID == "call_1")
        #expect(messages[4].content == "It has shipped.")
        #expect(messages[5].content == "And order B-9?")
        // A plain message hashes as it did before conversations: role and content only.
        #expect(messages[0].json == ["role": "system", "content": "You help with orders."])
    }

    @Test(arguments: [
        (#"[{"role": "robot", "content": "hi"}]"#, "message 1: role 'robot' is not system, user, assistant or tool"),
        (#"[{"role": "tool", "content": "42"}]"#, "message 1: a tool message needs the tool_call_id it answers"),
        (
            #"[{"role": "user", "tool_calls": [{"name": "f"}]}]"#,
            "message 1: only an assistant message makes tool calls"
        ),
        (#""not a list""#, "must be a list of messages, found string"),
    ])
    func aConversationThatIsNotMessagesIsAnErrorNamingTheRow(history: String, problem: String) throws {
        let prompt = try PromptFile(text: Self.file, path: "prompts/p.prompt")
        let value = try JSONValue.parse(Data(history.utf8))
        do {
            _ = try prompt.render(
                ["history": value, "question": "q"], promptID: "p", rowLabel: "datasets/d.jsonl:4 (row r4)")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("datasets/d.jsonl:4 (row r4): input 'history' of prompt 'p'"))
            #expect(error.description.hasSuffix(problem), "\(error.description)")
        }
    }

    /// Views show a conversation input as one: a line per message, calls under them.
    @Test func aConversationReadsAsATranscript() {
        #expect(
            ChatMessage.transcript(of: Self.history) == """
                user: Where is A-7?
                assistant: 
                  → get_order({"order_id":"A-7"})
                tool (answers call_1): {"status":"shipped"}
                assistant: It has shipped.
                """)
        #expect(ChatMessage.transcript(of: ["not", "messages"]) == nil)
        #expect(ChatMessage.transcript(of: .array([])) == nil)
        let html = HTMLReport.inputList(["history": Self.history])
        #expect(html.contains("<pre>user: Where is A-7?\nassistant: \n  → get_order("))
    }

    @Test func eachProviderGetsTheConversationInItsShape() throws {
        let request = ChatRequest(model: "m", messages: try Self.messages())
        let openAI = OpenAIProvider.body(for: request)["messages"]
        #expect(
            openAI?.arrayValue?[2] == [
                "role": "assistant", "content": .null,
                "tool_calls": [
                    [
                        "id": "call_1", "type": "function",
                        "function": ["name": "get_order", "arguments": #"{"order_id":"A-7"}"#],
                    ]
                ],
            ])
        #expect(
            openAI?.arrayValue?[3] == ["role": "tool", "tool_call_id": "call_1", "content": #"{"status":"shipped"}"#])

        let anthropic = try AnthropicProvider.body(for: request)
        #expect(anthropic["system"] == "You help with orders.")
        #expect(
            anthropic["messages"]?.arrayValue?[1] == [
                "role": "assistant",
                "content": [["type": "tool_use", "id": "call_1", "name": "get_order", "input": ["order_id": "A-7"]]],
            ])
        #expect(
            anthropic["messages"]?.arrayValue?[2] == [
                "role": "user",
                "content": [["type": "tool_result", "tool_use_id": "call_1", "content": #"{"status":"shipped"}"#]],
            ])

        let gemini = try GeminiProvider.body(for: request)
        #expect(
            gemini["contents"]?.arrayValue?[1] == [
                "role": "model", "parts": [["functionCall": ["name": "get_order", "args": ["order_id": "A-7"]]]],
            ])
        #expect(
            gemini["contents"]?.arrayValue?[2] == [
                "role": "user",
                "parts": [
                    ["functionResponse": ["name": "get_order", "response": ["content": #"{"status":"shipped"}"#]]]
                ],
            ])
    }

    @Test func aRunOnTheFakeServerSendsTheWholeConversation() async throws {
        try await withFakeServer { server, transport in
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL + "/v1", apiKey: nil, transport: transport)
            let prompt = try PromptFile(text: Self.file, path: "prompts/p.prompt")
            let response = try await provider.complete(
                ChatRequest(
                    model: "m", messages: try Self.messages(), params: prompt.frontMatter.requestParams))
            #expect(server.requests.first?.json?["messages"]?.arrayValue?.count == 6)
            // The last user message asks about an order: the fake model calls the tool.
            #expect(response.toolCalls.first?.name == "get_order")
            #expect(response.toolCalls.first?.arguments == ["order_id": "B-9"])
        }
    }
}
