import Foundation

/// Google's Gemini `generateContent`. The key travels in the `x-goog-api-key` header,
/// never in the URL, so it cannot end up in an error message or a log.
public struct GeminiProvider: Provider {
    public let endpoint: ProviderEndpoint

    public init(
        name: String, baseURL: String, apiKey: String?, extraHeaders: [String: String] = [:], transport: HTTPTransport
    ) {
        endpoint = ProviderEndpoint(
            name: name, baseURL: baseURL, apiKey: apiKey, extraHeaders: extraHeaders, transport: transport)
    }

    public var batchAPI: (any BatchAPI)? { GeminiBatchAPI(endpoint: endpoint) }

    public func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse {
        let headers = endpoint.apiKey.map { [("x-goog-api-key", $0)] } ?? []
        let model = request.model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? request.model
        let url = "\(endpoint.baseURL)/models/\(model):generateContent"
        return try endpoint.answer(try await endpoint.post(url, headers: headers, body: try Self.body(for: request))) {
            (data) throws(ProviderError) in try Self.parse(data)
        }
    }

    static func body(for request: ChatRequest) throws(ProviderError) -> JSONValue {
        var body: [String: JSONValue] = [:]
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": [["text": .string(system.joined(separator: "\n\n"))]]]
        }
        let turns = request.messages.filter { $0.role != .system }
        guard !turns.isEmpty else { throw .invalidRequest("Gemini needs at least one user message") }
        // A tool's result names the function it answers, found by its call's id.
        let calledNames = Dictionary(
            turns.flatMap(\.toolCalls).compactMap { call in call.id.map { ($0, call.name) } },
            uniquingKeysWith: { first, _ in first })
        body["contents"] = .array(
            turns.map { message in
                if message.role == .tool {
                    let name = message.toolCallID.flatMap { calledNames[$0] } ?? message.toolCallID ?? ""
                    return [
                        "role": "user",
                        "parts": [
                            [
                                "functionResponse": [
                                    "name": .string(name), "response": ["content": .string(message.content)],
                                ]
                            ]
                        ],
                    ]
                }
                var parts: [JSONValue] =
                    message.content.isEmpty && !message.toolCalls.isEmpty ? [] : [["text": .string(message.content)]]
                parts += message.images.map { image in
                    [
                        "inlineData": [
                            "mimeType": .string(image.mediaType), "data": .string(image.data.base64EncodedString()),
                        ]
                    ]
                }
                parts += message.toolCalls.map { ["functionCall": ["name": .string($0.name), "args": $0.arguments]] }
                return ["role": .string(message.role == .assistant ? "model" : "user"), "parts": .array(parts)]
            })
        var config: [String: JSONValue] = [:]
        for (key, value) in request.params {
            switch key {
            case "temperature": config["temperature"] = value
            case "max_tokens", "max_completion_tokens": config["maxOutputTokens"] = value
            case "top_p": config["topP"] = value
            case "top_k": config["topK"] = value
            case "seed": config["seed"] = value
            case "stop": config["stopSequences"] = value.arrayValue.map(JSONValue.array) ?? .array([value])
            case "response_format":
                if value["type"] == "json_object" || value["type"] == "json_schema" {
                    config["responseMimeType"] = "application/json"
                }
                // JSON Schema as it is (responseJsonSchema), not the OpenAPI subset of
                // responseSchema, so the schema the prompt gives is the schema checked.
                if let schema = value["json_schema"]?["schema"] { config["responseJsonSchema"] = schema }
            case "tools":
                let declarations: [JSONValue] = (value.arrayValue ?? []).compactMap(ToolDefinition.init(requestJSON:))
                    .map { tool in
                        var object: [String: JSONValue] = ["name": .string(tool.name), "parameters": tool.parameters]
                        if let description = tool.description { object["description"] = .string(description) }
                        return .object(object)
                    }
                body["tools"] = [["functionDeclarations": .array(declarations)]]
            case "tool_choice":
                let mode: JSONValue
                switch ToolChoice(requestJSON: value) {
                case .auto?: mode = ["mode": "AUTO"]
                case .none?: mode = ["mode": "NONE"]
                case .required?: mode = ["mode": "ANY"]
                case .named(let name)?: mode = ["mode": "ANY", "allowedFunctionNames": [.string(name)]]
                case nil: continue
                }
                body["toolConfig"] = ["functionCallingConfig": mode]
            default: config[key] = value
            }
        }
        if !config.isEmpty { body["generationConfig"] = .object(config) }
        return .object(body)
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
        guard let candidate = value["candidates"]?.arrayValue?.first else {
            let blocked = value["promptFeedback"]?["blockReason"]?.stringValue
            throw .malformedResponse(blocked.map { "the prompt was blocked: \($0)" } ?? "no candidates in the answer")
        }
        let parts = candidate["content"]?["parts"]?.arrayValue ?? []
        // Parts marked `thought` are the model's reasoning, not its answer.
        let text = parts.filter { $0["thought"] != true }.compactMap { $0["text"]?.stringValue }.joined()
        let toolCalls = parts.compactMap { part -> ToolCall? in
            guard let call = part["functionCall"], let name = call["name"]?.stringValue else { return nil }
            return ToolCall(id: call["id"]?.stringValue, name: name, arguments: call["args"] ?? .object([:]))
        }
        var usage: TokenUsage?
        if case .int(let input)? = value["usageMetadata"]?["promptTokenCount"] {
            let output: Int
            if case .int(let count)? = value["usageMetadata"]?["candidatesTokenCount"] {
                output = count
            } else {
                output = 0
            }
            usage = try TokenUsage.reported(input: input, output: output)
        }
        // Gemini ends a turn of function calls with STOP: said as OpenAI says it.
        let reason = Self.finishReason(candidate["finishReason"]?.stringValue)
        return ChatResponse(
            text: text, finishReason: !toolCalls.isEmpty && reason == "stop" ? "tool_calls" : reason, usage: usage,
            toolCalls: toolCalls)
    }

    static func finishReason(_ reason: String?) -> String? {
        switch reason {
        case "STOP"?: "stop"
        case "MAX_TOKENS"?: "length"
        case "SAFETY"?, "RECITATION"?, "BLOCKLIST"?, "PROHIBITED_CONTENT"?, "SPII"?: "content_filter"
        default: reason?.lowercased()
        }
    }
}
