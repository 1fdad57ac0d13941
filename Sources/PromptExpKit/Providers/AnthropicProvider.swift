import Foundation

/// Anthropic's Messages API: the system prompt travels apart from the messages and
/// `max_tokens` is required.
public struct AnthropicProvider: Provider {
    public let endpoint: ProviderEndpoint

    public static let apiVersion = "2023-06-01"
    /// Used when neither the prompt nor the model config sets `max_tokens`.
    /// The tool through which a response schema is asked for (see `body`).
    static let responseTool = "promptexp_response"
    public static let defaultMaxTokens = 1024

    public init(
        name: String, baseURL: String, apiKey: String?, extraHeaders: [String: String] = [:], transport: HTTPTransport
    ) {
        endpoint = ProviderEndpoint(
            name: name, baseURL: baseURL, apiKey: apiKey, extraHeaders: extraHeaders, transport: transport)
    }

    public var batchAPI: (any BatchAPI)? { AnthropicBatchAPI(endpoint: endpoint) }

    public func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse {
        let headers = Self.headers(for: endpoint)
        let body = try Self.body(for: request)
        return try endpoint.answer(
            try await endpoint.post("\(endpoint.baseURL)/messages", headers: headers, body: body)
        ) {
            (data) throws(ProviderError) in try Self.parse(data)
        }
    }

    static func headers(for endpoint: ProviderEndpoint) -> [(String, String)] {
        [("anthropic-version", apiVersion)] + (endpoint.apiKey.map { [("x-api-key", $0)] } ?? [])
    }

    static func body(for request: ChatRequest) throws(ProviderError) -> JSONValue {
        var body: [String: JSONValue] = ["model": .string(request.model)]
        var structured: JSONValue?
        for (key, value) in request.params {
            switch key {
            case "stop": body["stop_sequences"] = value.arrayValue.map(JSONValue.array) ?? .array([value])
            case "seed", "frequency_penalty", "presence_penalty", "n": continue
            case "response_format":
                // A schema is asked for through a tool the model must call: its input is the
                // answer (read back as the text by `parse`). Plain JSON mode has no equivalent.
                guard value["type"] == "json_schema", let schema = value["json_schema"]?["schema"] else { continue }
                structured = [
                    "name": .string(Self.responseTool),
                    "description": "Give the answer: its input is the whole response, in the required form.",
                    "input_schema": schema,
                ]
            case "tools":
                body["tools"] = .array(
                    (value.arrayValue ?? []).compactMap(ToolDefinition.init(requestJSON:)).map { tool in
                        var object: [String: JSONValue] = ["name": .string(tool.name), "input_schema": tool.parameters]
                        if let description = tool.description { object["description"] = .string(description) }
                        return .object(object)
                    })
            case "tool_choice":
                switch ToolChoice(requestJSON: value) {
                case .auto?: body["tool_choice"] = ["type": "auto"]
                case .none?: body["tool_choice"] = ["type": "none"]
                case .required?: body["tool_choice"] = ["type": "any"]
                case .named(let name)?: body["tool_choice"] = ["type": "tool", "name": .string(name)]
                case nil: continue
                }
            default: body[key] = value
            }
        }
        if let structured {
            body["tools"] = .array((body["tools"]?.arrayValue ?? []) + [structured])
            body["tool_choice"] = ["type": "tool", "name": .string(Self.responseTool)]
        }
        if body["max_tokens"] == nil { body["max_tokens"] = .int(Self.defaultMaxTokens) }
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        let turns = request.messages.filter { $0.role != .system }
        guard !turns.isEmpty else { throw .invalidRequest("Anthropic needs at least one user message") }
        body["messages"] = .array(turns.map(Self.turn))
        return .object(body)
    }

    /// A turn in Anthropic's shape: an assistant's calls as `tool_use` blocks, a tool's
    /// result as a user turn's `tool_result` block.
    static func turn(_ message: ChatMessage) -> JSONValue {
        if message.role == .tool {
            return [
                "role": "user",
                "content": [
                    [
                        "type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""),
                        "content": .string(message.content),
                    ]
                ],
            ]
        }
        if !message.images.isEmpty {
            let text: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            return [
                "role": .string(message.role.rawValue),
                "content": .array(
                    text
                        + message.images.map { image in
                            [
                                "type": "image",
                                "source": [
                                    "type": "base64", "media_type": .string(image.mediaType),
                                    "data": .string(image.data.base64EncodedString()),
                                ],
                            ]
                        }),
            ]
        }
        guard !message.toolCalls.isEmpty else {
            return ["role": .string(message.role.rawValue), "content": .string(message.content)]
        }
        var blocks: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
        blocks += message.toolCalls.map { call in
            ["type": "tool_use", "id": .string(call.id ?? ""), "name": .string(call.name), "input": call.arguments]
        }
        return ["role": "assistant", "content": .array(blocks)]
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
        guard let content = value["content"]?.arrayValue else { throw .malformedResponse("no content in the answer") }
        // Only text blocks are the answer's text: `thinking` blocks are the model's reasoning.
        var text = content.filter { $0["type"] == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        var toolCalls: [ToolCall] = []
        var structured = false
        for block in content where block["type"] == "tool_use" {
            guard let name = block["name"]?.stringValue else { continue }
            let input = block["input"] ?? .object([:])
            // The structured answer's tool: its input is the answer, not a call.
            if name == Self.responseTool {
                text = input.canonicalJSON
                structured = true
                continue
            }
            toolCalls.append(ToolCall(id: block["id"]?.stringValue, name: name, arguments: input))
        }
        var usage: TokenUsage?
        if case .int(let input)? = value["usage"]?["input_tokens"],
            case .int(let output)? = value["usage"]?["output_tokens"]
        {
            usage = try TokenUsage.reported(input: input, output: output)
        }
        let reason = Self.finishReason(value["stop_reason"]?.stringValue)
        return ChatResponse(
            text: text, finishReason: structured && reason == "tool_calls" ? "stop" : reason, usage: usage,
            toolCalls: toolCalls)
    }

    /// Anthropic's stop reasons in OpenAI's words, so reports compare across providers.
    static func finishReason(_ reason: String?) -> String? {
        switch reason {
        case "end_turn"?, "stop_sequence"?: "stop"
        case "max_tokens"?: "length"
        case "tool_use"?: "tool_calls"
        case "refusal"?: "refusal"
        default: reason
        }
    }
}
