import Crypto
import Foundation

/// The deterministic offline provider, for the demo and the tests: no network, no key,
/// no cost. Its answer is derived from the request, so the same request always gets the
/// same answer and a changed prompt gets a changed answer.
///
/// Models: `echo` answers with the last user message's opening words and a digest of the
/// whole request; any other model name answers the same way under its own name.
///
/// Two request parameters make it answer badly on purpose, for tests and the verdict
/// benchmark: `mock_degrade: S` answers a share S of rows with `mock_degraded_answer`
/// (rows picked by the last user message and `mock_degrade_seed`, so the same rows
/// whatever else the prompt says), and `mock_noise: S` does the same to a share S of
/// requests picked by the whole request (independent between two prompt versions).
public struct MockProvider: Provider {
    /// Free and deterministic: nothing of it is worth keeping.
    public var cachePolicy: CachePolicy { .never }
    public let name: String
    /// How long each call takes, to exercise concurrency and progress.
    public let latency: Double
    /// Output tokens reported per call, to exercise costs; nil reports the answer's words.
    public let outputTokens: Int?

    public init(name: String = "mock", latency: Double = 0, outputTokens: Int? = nil) {
        self.name = name
        self.latency = latency
        self.outputTokens = outputTokens
    }

    public func complete(_ request: ChatRequest) async throws(ProviderError) -> ChatResponse {
        if latency > 0 {
            do {
                try await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000))
            } catch {
                throw .transport("cancelled")
            }
        }
        var response = Self.answer(to: request)
        if let outputTokens { response.usage?.outputTokens = outputTokens }
        return response
    }

    /// What a degraded or noisy call answers.
    public static let degradedAnswer = "I cannot help with that."

    public static func answer(to request: ChatRequest) -> ChatResponse {
        // Offered tools are called when the message fits one (see `ToolPicker`).
        let tools = (request.params["tools"]?.arrayValue ?? []).compactMap(ToolDefinition.init(requestJSON:))
        if let call = ToolPicker.call(
            tools: tools, choice: request.params["tool_choice"].flatMap(ToolChoice.init(requestJSON:)),
            userText: request.messages.last(where: { $0.role == .user })?.content ?? "")
        {
            let inputTokens = max(1, request.messages.reduce(0) { $0 + $1.content.utf8.count } / 4)
            return ChatResponse(
                text: "", finishReason: "tool_calls", usage: TokenUsage(inputTokens: inputTokens, outputTokens: 8),
                toolCalls: [ToolCall(id: "call_mock_1", name: call.name, arguments: call.arguments)])
        }
        if Self.misbehaves(request) {
            let inputTokens = max(1, request.messages.reduce(0) { $0 + $1.content.utf8.count } / 4)
            return ChatResponse(
                text: degradedAnswer, finishReason: "stop", usage: TokenUsage(inputTokens: inputTokens, outputTokens: 6)
            )
        }
        let canonical = JSONValue.object([
            "model": .string(request.model),
            "messages": .array(request.messages.map(\.json)),
            "params": .object(request.params),
        ]).canonicalJSON
        let digest = Hex.encode(SHA256.hash(data: Data(canonical.utf8)).prefix(4))
        let lastUser = request.messages.last(where: { $0.role == .user })?.content ?? ""
        let words = lastUser.split(whereSeparator: \.isWhitespace)
        let opening = words.prefix(12).joined(separator: " ")
        let text = "[\(request.model) \(digest)] \(opening)\(words.count > 12 ? " …" : "")"
        let inputTokens = max(1, request.messages.reduce(0) { $0 + $1.content.utf8.count } / 4)
        let outputTokens = max(1, text.split(whereSeparator: \.isWhitespace).count)
        return ChatResponse(
            text: text, finishReason: "stop", usage: TokenUsage(inputTokens: inputTokens, outputTokens: outputTokens))
    }

    /// True when `mock_degrade` picks this row or `mock_noise` picks this request.
    static func misbehaves(_ request: ChatRequest) -> Bool {
        func share(_ key: String) -> Double { request.params[key]?.doubleValue ?? 0 }
        func draw(_ text: String) -> Double {
            let digest = SHA256.hash(data: Data(text.utf8))
            return Double(digest.prefix(6).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) / Double(UInt64(1) << 48)
        }
        let degrade = share("mock_degrade")
        let noise = share("mock_noise")
        if degrade > 0 {
            let lastUser = request.messages.last(where: { $0.role == .user })?.content ?? ""
            let seed = request.params["mock_degrade_seed"]?.canonicalJSON ?? "0"
            if draw("degrade\u{0}\(seed)\u{0}\(lastUser)") < degrade { return true }
        }
        if noise > 0 {
            let canonical = JSONValue.object([
                "model": .string(request.model), "messages": .array(request.messages.map(\.json)),
                "params": .object(request.params),
            ]).canonicalJSON
            if draw("noise\u{0}\(canonical)") < noise { return true }
        }
        return false
    }
}
