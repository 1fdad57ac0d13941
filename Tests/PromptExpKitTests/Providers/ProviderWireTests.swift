import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// Each provider against a real HTTP server on 127.0.0.1 that speaks its wire format.
@Suite struct ProviderWireTests {
    static let request = ChatRequest(
        model: "m-1",
        messages: [ChatMessage(role: .system, content: "Be brief."), ChatMessage(role: .user, content: "Hello there")],
        params: ["temperature": 0.2, "max_tokens": 50, "stop": ["END"]])

    @Test func openAIChatCompletions() async throws {
        try await withFakeServer { server, transport in
            let provider = OpenAIProvider(
                name: "openai", baseURL: server.baseURL + "/v1", apiKey: "key-123", extraHeaders: ["X-Team": "evals"],
                transport: transport)
            let response = try await provider.complete(Self.request)
            #expect(
                response
                    == ChatResponse(
                        text: "answer to: Hello there", finishReason: "stop",
                        usage: TokenUsage(inputTokens: 11, outputTokens: 7)))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/v1/chat/completions")
            #expect(sent.header("authorization") == "Bearer key-123")
            #expect(sent.header("x-team") == "evals")
            #expect(
                sent.json == [
                    "model": "m-1", "temperature": 0.2, "max_tokens": 50, "stop": ["END"],
                    "messages": [
                        ["role": "system", "content": "Be brief."], ["role": "user", "content": "Hello there"],
                    ],
                ])
        }
    }

    @Test func azureUsesAnApiKeyHeaderAndVersion() async throws {
        try await withFakeServer { server, transport in
            let provider = OpenAIProvider(
                name: "azure", baseURL: server.baseURL + "/openai/deployments/gpt4o/", apiKey: "azure-key",
                apiVersion: "2024-10-21", transport: transport)
            _ = try await provider.complete(Self.request)
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21")
            #expect(sent.header("api-key") == "azure-key")
            #expect(sent.header("authorization") == nil)
        }
    }

    @Test func anthropicMessages() async throws {
        try await withFakeServer { server, transport in
            let provider = AnthropicProvider(
                name: "anthropic", baseURL: server.baseURL + "/v1", apiKey: "ant-key", transport: transport)
            let response = try await provider.complete(Self.request)
            #expect(response.text == "answer to: Hello there")
            #expect(response.finishReason == "stop")
            #expect(response.usage == TokenUsage(inputTokens: 11, outputTokens: 7))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/v1/messages")
            #expect(sent.header("x-api-key") == "ant-key")
            #expect(sent.header("anthropic-version") == "2023-06-01")
            #expect(
                sent.json == [
                    "model": "m-1", "temperature": 0.2, "max_tokens": 50, "stop_sequences": ["END"],
                    "system": "Be brief.",
                    "messages": [["role": "user", "content": "Hello there"]],
                ])
        }
    }

    @Test func anthropicGetsADefaultMaxTokens() throws {
        let body = try AnthropicProvider.body(
            for: ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: "x")]))
        #expect(body["max_tokens"] == .int(AnthropicProvider.defaultMaxTokens))
    }

    @Test func geminiGenerateContent() async throws {
        try await withFakeServer { server, transport in
            let provider = GeminiProvider(
                name: "gemini", baseURL: server.baseURL + "/v1beta", apiKey: "g-key", transport: transport)
            let response = try await provider.complete(Self.request)
            #expect(
                response
                    == ChatResponse(
                        text: "answer to: Hello there", finishReason: "stop",
                        usage: TokenUsage(inputTokens: 11, outputTokens: 7)))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/v1beta/models/m-1:generateContent")
            #expect(sent.header("x-goog-api-key") == "g-key")
            #expect(!sent.uri.contains("g-key"))
            #expect(
                sent.json == [
                    "systemInstruction": ["parts": [["text": "Be brief."]]],
                    "contents": [["role": "user", "parts": [["text": "Hello there"]]]],
                    "generationConfig": ["temperature": 0.2, "maxOutputTokens": 50, "stopSequences": ["END"]],
                ])
        }
    }

    @Test func errorsAreClassified() async throws {
        // Two seconds of deadline: generous for the quick answers on a loaded CI machine,
        // and well short of the slow one. Each failure is the server's only behaviour for
        // its call (`then:`), so a connection the client opens again after a drop meets the
        // same failure instead of the next one in a shared script.
        try await withFakeServer(timeout: 2) { server, transport in
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL, apiKey: "k", transport: transport)
            let behaviours: [FakeProviderServer.Behaviour] = [
                .status(500), .rateLimited(retryAfter: "7"),
                .status(400, body: #"{"error": {"message": "bad model"}}"#),
                .malformed, .drop, .slow(milliseconds: 8000),
            ]
            var errors: [ProviderError] = []
            for behaviour in behaviours {
                server.script([], then: behaviour)
                do {
                    let response = try await provider.complete(Self.request)
                    Issue.record("\(behaviour) answered \(response.text)")
                } catch let error as ProviderError {
                    errors.append(error)
                }
            }
            try #require(errors.count == 6)
            #expect(errors[0] == .http(status: 500, message: "server error", retryAfter: nil))
            #expect(errors[1] == .http(status: 429, message: "rate limited", retryAfter: 7))
            #expect(errors[2] == .http(status: 400, message: "bad model", retryAfter: nil))
            #expect(!errors[2].isRetryable)
            guard case .malformedResponse = errors[3] else {
                Issue.record("expected malformed, got \(errors[3])")
                return
            }
            guard case .transport = errors[4] else {
                Issue.record("expected transport, got \(errors[4])")
                return
            }
            #expect(errors[5] == .timeout(seconds: 2))
            let retryable = [errors[0], errors[1], errors[4], errors[5]].map(\.isRetryable)
            #expect(retryable == [true, true, true, true])
        }
    }

    @Test func aKeyEchoedByTheServerIsRedacted() async throws {
        try await withFakeServer { server, transport in
            let canary = "canary-key-7f3a9c2e5b1d4f60a8e2c4b6d8f0a1c3"
            server.script([.status(401, body: #"{"error": {"message": "Incorrect API key provided: \#(canary)"}}"#)])
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL, apiKey: canary, transport: transport)
            do {
                _ = try await provider.complete(Self.request)
                Issue.record("expected a failure")
            } catch let error as ProviderError {
                #expect(!error.description.contains(canary))
                #expect(error.description.contains("[redacted]"))
            }
        }
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HTTPTransport.retryAfterSeconds("3", now: now) == 3)
        #expect(HTTPTransport.retryAfterSeconds("Mon, 12 Jan 1970 13:46:50 GMT", now: now) == 10)
        #expect(HTTPTransport.retryAfterSeconds("soon", now: now) == nil)
    }

    @Test func theMockIsDeterministicAndFollowsThePrompt() async throws {
        let mock = MockProvider()
        let one = try await mock.complete(Self.request)
        #expect(try await mock.complete(Self.request) == one)
        var changed = Self.request
        changed.messages[0].content = "Be very brief."
        #expect(try await mock.complete(changed).text != one.text)
        #expect(one.usage?.inputTokens ?? 0 > 0)
        let configured = try ProjectConfig.parse(
            "providers:\n  mock: {kind: mock, latency_ms: 5, output_tokens: 300}\n", path: "c")
        let mockConfig = try #require(configured.providers["mock"])
        #expect(mockConfig.latency == 0.005)
        #expect(mockConfig.mockOutputTokens == 300)
        #expect(try await MockProvider(outputTokens: 300).complete(Self.request).usage?.outputTokens == 300)
    }

    @Test func modelsResolveFromConfigAndPriceTable() throws {
        let config = try ProjectConfig.parse(
            """
            providers:
              local: {kind: openai, base_url: "http://127.0.0.1:9/v1"}
            models:
              fast: {provider: local, model: llama3.2, input_per_million: 0, output_per_million: 0}
            """, path: "c")
        #expect(try config.resolveModel("fast").modelID == "llama3.2")
        #expect(try config.resolveModel("fast").provider.name == "local")
        #expect(try config.resolveModel("openai/gpt-4o-mini").price == PriceTable.prices["openai/gpt-4o-mini"])
        #expect(try config.resolveModel("claude-haiku-4-5").provider.name == "anthropic")
        #expect(try config.resolveModel("local/qwen").price == nil)
        #expect(
            throws: ProviderSetupError.unknownProvider(
                "nowhere", known: ["anthropic", "gemini", "local", "mock", "openai"])
        ) {
            try config.resolveModel("nowhere/x")
        }
        #expect(throws: ProviderSetupError.self) { try config.resolveModel("gpt-4o-minii") }
    }

    @Test func aMissingKeyStopsTheRunBeforeItStarts() async throws {
        try await withFakeServer { _, transport in
            let factory = ProviderFactory(transport: transport, environment: [:])
            #expect(throws: ProviderSetupError.missingKey(provider: "openai", variable: "OPENAI_API_KEY")) {
                try factory.provider(for: ProviderConfig.builtIn["openai"]!)
            }
            let local = ProviderConfig(name: "local", kind: .openai, baseURL: "http://127.0.0.1:9")
            _ = try factory.provider(for: local)
        }
    }
}

/// A server that is not there: the error says so at once, and is retried only briefly.
@Suite struct UnreachableServerTests {
    @Test func aRefusedConnectionIsUnreachableAndRetriedOnlyBriefly() async throws {
        // A port held by a socket that never listens refuses connections, and no other
        // test can take it meanwhile.
        let closed = try RefusingPort()
        let baseURL = "http://127.0.0.1:\(closed.port)"
        try await withFakeServer { _, transport in
            let provider = OpenAIProvider(name: "o", baseURL: baseURL, apiKey: "k", transport: transport)
            await #expect {
                _ = try await provider.complete(ProviderWireTests.request)
            } throws: { error in
                guard case .unreachable(let message)? = error as? ProviderError else { return false }
                return !message.isEmpty
            }
        }
        var generator = SeededGenerator(seed: 1)
        let policy = RetryPolicy(maxRetries: 4, baseDelay: 0.5, maxDelay: 60)
        let delays = (0..<4).map { policy.delay(afterAttempt: $0, error: .unreachable("refused"), using: &generator) }
        #expect(delays.compactMap { $0 }.count == 2)
        #expect(delays.compactMap { $0 }.reduce(0, +) <= 0.6)
        #expect(delays[2] == nil)
        withExtendedLifetime(closed) {}
    }
}
