import Foundation

/// A finished call as the cache, the run journal and committed results keep it: enough
/// to rebuild the result without calling the model again.
public struct CachedResponse: Hashable, Sendable {
    public var text: String
    public var finishReason: String?
    public var usage: TokenUsage?
    /// How long the original call took; a cache hit reports the original time, so
    /// re-running an unchanged row changes nothing in the results file.
    public var latencyMilliseconds: Int
    /// The provider batch that answered it; nil for a call made directly. Such an answer
    /// has no latency of its own and is priced at the batch price.
    public var batch: String?
    /// The tools the model called.
    public var toolCalls: [ToolCall]

    public init(
        text: String, finishReason: String?, usage: TokenUsage?, latencyMilliseconds: Int, batch: String? = nil,
        toolCalls: [ToolCall] = []
    ) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.latencyMilliseconds = latencyMilliseconds
        self.batch = batch
        self.toolCalls = toolCalls
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["text": .string(text), "latency_ms": .int(latencyMilliseconds)]
        if let finishReason { object["finish_reason"] = .string(finishReason) }
        if let batch { object["batch"] = .string(batch) }
        if !toolCalls.isEmpty { object["tool_calls"] = .array(toolCalls.map(\.json)) }
        if let usage {
            object["usage"] = ["input_tokens": .int(usage.inputTokens), "output_tokens": .int(usage.outputTokens)]
        }
        return .object(object)
    }

    init?(json: JSONValue) {
        guard let text = json["text"]?.stringValue, case .int(let latency)? = json["latency_ms"] else { return nil }
        self.text = text
        self.finishReason = json["finish_reason"]?.stringValue
        self.latencyMilliseconds = latency
        self.batch = json["batch"]?.stringValue
        self.toolCalls = json["tool_calls"]?.arrayValue?.compactMap(ToolCall.init(json:)) ?? []
        if case .int(let input)? = json["usage"]?["input_tokens"],
            case .int(let output)? = json["usage"]?["output_tokens"]
        {
            usage = TokenUsage(inputTokens: input, outputTokens: output)
        }
    }
}

/// Somewhere finished calls can be found by request hash.
public protocol ResponseLookup: Sendable {
    func response(for requestHash: String) -> CachedResponse?
}
