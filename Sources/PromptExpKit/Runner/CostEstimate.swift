/// What a run would cost, estimated before anything is sent.
///
/// Method: input tokens ≈ UTF-8 bytes of the messages / 4 (about right for English
/// text with OpenAI's, Anthropic's and Google's tokenizers); output tokens = the request's
/// `max_tokens` when set, else `assumedOutputTokens`. Reused answers cost nothing.
public struct CostEstimate: Sendable {
    public static let assumedOutputTokens = 256
    public static let method = "input ≈ message bytes / 4; output = max_tokens, else \(assumedOutputTokens)"

    public var calls = 0
    /// Calls that the cache, the run journal or committed results already answer.
    public var reused = 0
    public var inputTokens = 0
    public var outputTokens = 0
    /// Dollars over the calls whose price is known.
    public var cost = 0.0
    /// Models without a known price.
    public var unpricedModels: Set<String> = []

    public init() {}

    static func tokens(for request: ChatRequest) -> (input: Int, output: Int) {
        let bytes = request.messages.reduce(0) { $0 + $1.content.utf8.count + 4 }
        var output = assumedOutputTokens
        for key in ["max_tokens", "max_completion_tokens", "max_output_tokens"] {
            if case .int(let limit)? = request.params[key] { output = limit }
        }
        return (max(1, bytes / 4), output)
    }

    /// The estimated dollars of one call, or nil when its price is unknown.
    static func cost(of call: PlannedCall) -> Double? {
        let (input, output) = tokens(for: call.request)
        return call.model.price?.cost(inputTokens: input, outputTokens: output)
    }

    mutating func add(_ call: PlannedCall, reused: Bool) {
        calls += 1
        if reused {
            self.reused += 1
            return
        }
        let (input, output) = Self.tokens(for: call.request)
        inputTokens += input
        outputTokens += output
        if let price = call.model.price {
            cost += price.cost(inputTokens: input, outputTokens: output)
        } else {
            unpricedModels.insert(call.model.name)
        }
    }
}
