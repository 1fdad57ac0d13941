import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Answers with status 200 that are not answers: an error object, impossible usage.
@Suite struct ProviderAnswerTests {
    static let request = ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")], params: [:])

    @Test func aSuccessStatusCarryingAnErrorIsThatErrorWithTheProvidersMessage() async throws {
        try await withFakeServer { server, transport in
            let openAI = OpenAIProvider(name: "o", baseURL: server.baseURL, apiKey: "k", transport: transport)
            let anthropic = AnthropicProvider(name: "a", baseURL: server.baseURL, apiKey: "k", transport: transport)
            let gemini = GeminiProvider(name: "g", baseURL: server.baseURL, apiKey: "k", transport: transport)
            let cases: [(any Provider, String, Int, Bool)] = [
                (openAI, #"{"error": {"message": "model is loading", "type": "server_error"}}"#, 500, true),
                (openAI, #"{"error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}}"#, 429, true),
                (openAI, #"{"error": {"message": "Incorrect API key", "code": "invalid_api_key"}}"#, 401, false),
                (
                    anthropic, #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
                    503, true
                ),
                (
                    gemini, #"{"error": {"code": 404, "message": "models/x is not found", "status": "NOT_FOUND"}}"#,
                    404, false
                ),
            ]
            for (provider, body, status, retryable) in cases {
                server.script([.status(200, body: body)])
                do {
                    _ = try await provider.complete(Self.request)
                    Issue.record("expected a failure for \(body)")
                } catch let error as ProviderError {
                    guard case .http(let code, let message, _) = error else {
                        Issue.record("expected an HTTP error, got \(error)")
                        continue
                    }
                    #expect(code == status)
                    #expect(body.contains(message), "\(message)")
                    #expect(error.isRetryable == retryable)
                }
            }
        }
    }

    @Test func negativeOrAbsurdUsageIsAMalformedAnswer() async throws {
        try await withFakeServer { server, transport in
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL, apiKey: "k", transport: transport)
            for usage in [
                #"{"prompt_tokens": -5000, "completion_tokens": 3}"#,
                #"{"prompt_tokens": 3, "completion_tokens": 900000000000}"#,
            ] {
                server.script([
                    .status(
                        200,
                        body:
                            #"{"choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}], "usage": \#(usage)}"#
                    )
                ])
                do {
                    _ = try await provider.complete(Self.request)
                    Issue.record("expected a failure for \(usage)")
                } catch let error as ProviderError {
                    guard case .malformedResponse(let message) = error else {
                        Issue.record("expected a malformed answer, got \(error)")
                        continue
                    }
                    #expect(message.contains("usage"))
                }
            }
        }
    }
}
