import Foundation

/// OpenAI chat completions, and every server that speaks it: Azure OpenAI (a deployment
/// URL plus `api_version`), Ollama, vLLM, llama.cpp, OpenRouter, Groq, Together, LiteLLM.
public struct OpenAIProvider: Provider {
    public let name: String
    public let baseURL: String
    let apiKey: String?
    let extraHeaders: [String: String]
    /// Azure's `api-version`; when set, the key goes in `api-key` as Azure expects.
    let apiVersion: String?
    let transport: HTTPTransport

    public init(
        name: String, baseURL: String, apiKey: String?, extraHeaders: [String: String] = [:],
        apiVersion: String? = nil, transport: HTTPTransport
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.extraHeaders = extraHeaders
        self.apiVersion = apiVersion
        self.transport = transport
    }

    public func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse {
        var url = "\(baseURL)/chat/completions"
        var headers = extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let apiVersion {
            url += "?api-version=\(apiVersion)"
            if let apiKey { headers.append(("api-key", apiKey)) }
        } else if let apiKey {
            headers.append(("authorization", "Bearer \(apiKey)"))
        }
        let response = try await transport.postJSON(url: url, headers: headers, body: Self.body(for: request))
        guard (200..<300).contains(response.status) else { throw HTTPTransport.failure(for: response, redacting: [apiKey]) }
        return try Self.parse(response.body)
    }

    static func body(for request: ChatRequest) -> JSONValue {
        var body = request.params
        body["model"] = .string(request.model)
        body["messages"] = .array(request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        return .object(body)
    }

    static func parse(_ data: Data) throws(ProviderError) -> ChatResponse {
        guard let value = try? JSONValue.parse(data) else {
            throw .malformedResponse("the body is not JSON: \(HTTPTransport.errorMessage(from: data))")
        }
        guard let choice = value["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw .malformedResponse("no choices[0].message in the answer")
        }
        let text: String
        switch message["content"] {
        case .string(let content)?: text = content
        case .array(let parts)?: text = parts.compactMap { $0["text"]?.stringValue }.joined()
        default: text = message["refusal"]?.stringValue ?? ""
        }
        var usage: TokenUsage?
        if case .int(let input)? = value["usage"]?["prompt_tokens"], case .int(let output)? = value["usage"]?["completion_tokens"] {
            usage = TokenUsage(inputTokens: input, outputTokens: output)
        }
        return ChatResponse(text: text, finishReason: choice["finish_reason"]?.stringValue, usage: usage)
    }
}
