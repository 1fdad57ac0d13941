import PromptExpKit
import Testing

@Suite struct MockDegradeTests {
    func request(_ system: String, _ user: String, _ params: [String: JSONValue]) -> ChatRequest {
        ChatRequest(
            model: "echo",
            messages: [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: user)],
            params: params)
    }

    @Test func degradeHitsTheSameShareOfRowsWhateverTheSystemPrompt() {
        let users = (0..<2000).map { "question \($0)" }
        let degraded = { (system: String) in
            users.filter {
                MockProvider.answer(to: request(system, $0, ["mock_degrade": 0.1])).text == MockProvider.degradedAnswer
            }
        }
        let one = degraded("Be brief.")
        let two = degraded("Be thorough.")
        #expect(one == two)
        #expect((160...240).contains(one.count), "\(one.count)")
        #expect(MockProvider.answer(to: request("s", "question 1", [:])).text.hasPrefix("[echo "))
    }

    @Test func noiseIsIndependentBetweenPromptVersions() {
        let users = (0..<2000).map { "question \($0)" }
        let noisy = { (seed: Int) in
            Set(
                users.filter {
                    MockProvider.answer(to: request("s", $0, ["mock_noise": 0.2, "mock_seed": .int(seed)])).text
                        == MockProvider.degradedAnswer
                })
        }
        let one = noisy(1)
        let two = noisy(2)
        #expect((340...460).contains(one.count), "\(one.count)")
        // Independent draws overlap on about 0.2 × 0.2 of the rows.
        #expect((40...120).contains(one.intersection(two).count), "\(one.intersection(two).count)")
    }
}

/// The offline mock calls offered tools the way the fake server does, so a tool-using
/// prompt can be tried with no provider at all.
@Suite struct MockToolTests {
    @Test func theMockCallsTheToolTheMessageFits() {
        let tools: JSONValue = [
            [
                "type": "function",
                "function": [
                    "name": "get_order", "description": "Look up an order",
                    "parameters": ["type": "object", "properties": ["order_id": ["type": "string"]]],
                ],
            ]
        ]
        let asked = ChatRequest(
            model: "echo", messages: [ChatMessage(role: .user, content: "Where is order A-7?")],
            params: ["tools": tools])
        let answer = MockProvider.answer(to: asked)
        #expect(answer.toolCalls == [ToolCall(id: "call_mock_1", name: "get_order", arguments: ["order_id": "A-7"])])
        #expect(answer.finishReason == "tool_calls")
        // No word in common: a text answer; tool_choice none: never a call.
        let chat = ChatRequest(
            model: "echo", messages: [ChatMessage(role: .user, content: "Hello")], params: ["tools": tools])
        #expect(MockProvider.answer(to: chat).toolCalls.isEmpty)
        var refused = asked
        refused.params["tool_choice"] = "none"
        #expect(MockProvider.answer(to: refused).toolCalls.isEmpty)
        #expect(MockProvider.answer(to: refused).text.hasPrefix("[echo "))
    }
}
