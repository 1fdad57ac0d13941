import Foundation

/// OpenAI chat completions, and every server that speaks it: Azure OpenAI (a deployment
/// URL plus `api_version`), Ollama, vLLM, llama.cpp, OpenRouter, Groq, Together, LiteLLM.
public struct OpenAIProvider: Provider {
    public let endpoint: ProviderEndpoint
    /// Azure's `api-version`; when set, the key goes in `api-key` as Azure expects.
    let apiVersion: String?

    public init(
        name: String, baseURL: String, apiKey: String?, extraHeaders: [String: String] = [:],
        apiVersion: String? = nil, transport: HTTPTransport
    ) {
        endpoint = ProviderEndpoint(
            name: name, baseURL: baseURL, apiKey: apiKey, extraHeaders: extraHeaders, transport: transport)
        self.apiVersion = apiVersion
    }

    /// OpenAI's Batch API; Azure deployments take batches another way, so none there.
    public var batchAPI: (any BatchAPI)? { apiVersion == nil ? OpenAIBatchAPI(endpoint: endpoint) : nil }

    public func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse {
        var url = "\(endpoint.baseURL)/chat/completions"
        var headers: [(String, String)] = []
        if let apiVersion {
            url += "?api-version=\(apiVersion)"
            if let key = endpoint.apiKey { headers.append(("api-key", key)) }
        } else if let key = endpoint.apiKey {
            headers.append(("authorization", "Bearer \(key)"))
        }
        return try endpoint.answer(try await endpoint.post(url, headers: headers, body: Self.body(for: request))) {
            (data) throws(ProviderError) in try Self.parse(data)
        }
    }

    static func body(for request: ChatRequest) -> JSONValue {
        var body = request.params
        body["model"] = .string(request.model)
        body["messages"] = .array(request.messages.map(Self.message))
        return .object(body)
    }

    /// A message in OpenAI's shape: an assistant turn's calls with their arguments as JSON
    /// text, a tool result with the id of the call it answers.
    static func message(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content)]
        if !message.images.isEmpty {
            let text: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            object["content"] = .array(
                text + message.images.map { ["type": "image_url", "image_url": ["url": .string($0.dataURL)]] })
        }
        if !message.toolCalls.isEmpty {
            object["tool_calls"] = .array(
                message.toolCalls.map { call in
                    [
                        "id": .string(call.id ?? ""), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.argumentsText)],
                    ]
                })
            if message.content.isEmpty { object["content"] = .null }
        }
        if let id = message.toolCallID { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    static func parse(_ data: Data) throws(ProviderError) -> ChatResponse {
        guard let value = try? JSONValue.parse(data) else {
            throw .malformedResponse("the body is not JSON: \(HTTPTransport.errorMessage(from: data))")
        }
        return try parse(json: value)
    }

    /// Reads an answer already parsed (a batch's result line holds one).
    static func parse(json value: JSONValue) throws(ProviderError) -> ChatResponse {
        if let failure = ProviderError.carried(in: value) { throw failure }
        guard let choice = value["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw .malformedResponse("no choices[0].message in the answer")
        }
        let text: String
        switch message["content"] {
        case .string(let content)?: text = content
        case .array(let parts)?: text = parts.compactMap { $0["text"]?.stringValue }.joined()
        default: text = ""
        }
        // A refusal is what the model did, not its answer: recorded as the finish reason.
        var finishReason = choice["finish_reason"]?.stringValue
        if text.isEmpty, message["refusal"]?.stringValue?.isEmpty == false { finishReason = "refusal" }
        let toolCalls = (message["tool_calls"]?.arrayValue ?? []).compactMap { call -> ToolCall? in
            guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
            return ToolCall(
                id: call["id"]?.stringValue, name: name, argumentsText: function["arguments"]?.stringValue ?? "{}")
        }
        var usage: TokenUsage?
        if case .int(let input)? = value["usage"]?["prompt_tokens"],
            case .int(let output)? = value["usage"]?["completion_tokens"]
        {
            usage = try TokenUsage.reported(input: input, output: output)
        }
        return ChatResponse(text: text, finishReason: finishReason, usage: usage, toolCalls: toolCalls)
    }
}
