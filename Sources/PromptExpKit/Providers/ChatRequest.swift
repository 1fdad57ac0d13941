/// One model call, in provider-neutral form. Parameters use OpenAI's names
/// (`temperature`, `max_tokens`, `top_p`, `stop`, `seed`, `response_format`); each
/// provider maps them onto its own wire format.
public struct ChatRequest: Hashable, Sendable {
    /// The provider's own model id (`gpt-4o-mini`, `claude-haiku-4-5`).
    public var model: String
    public var messages: [ChatMessage]
    public var params: [String: JSONValue]

    public init(model: String, messages: [ChatMessage], params: [String: JSONValue] = [:]) {
        self.model = model
        self.messages = messages
        self.params = params
    }
}

/// Tokens a call consumed, as the provider reported them.
public struct TokenUsage: Hashable, Sendable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// What a model answered.
public struct ChatResponse: Hashable, Sendable {
    public var text: String
    /// Normalised: `stop`, `length`, `content_filter`, `tool_calls`, `refusal`, or the provider's own word.
    public var finishReason: String?
    public var usage: TokenUsage?
    /// The tools the model called, in its order; `text` may then be empty.
    public var toolCalls: [ToolCall]

    public init(text: String, finishReason: String?, usage: TokenUsage?, toolCalls: [ToolCall] = []) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.toolCalls = toolCalls
    }
}

/// A chat model endpoint.
public protocol Provider: Sendable {
    func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse
    /// Whether answers are worth keeping: a paid provider's are cached and journaled, so
    /// nothing is paid twice; a free, deterministic one's are not (its committed lines then
    /// stay byte for byte on a rerun).
    var cachePolicy: CachePolicy { get }
    /// The provider's batch API, or nil when it has none (the mock, Azure deployments).
    var batchAPI: (any BatchAPI)? { get }
}

/// What the runner keeps of a provider's answers.
public enum CachePolicy: Sendable {
    /// Cache and journal every answer, and reuse them.
    case keep
    /// Cache nothing: reuse committed results, and the run journal's answers when an
    /// interrupted run resumes (the journal goes once the run is done).
    case never
}

extension Provider {
    public var cachePolicy: CachePolicy { .keep }
}
