import Foundation

/// The base's answers taken from the dataset instead of the model: each row's `output`
/// (what production said, from a request log), with the tokens, latency and finish reason
/// its metadata records. Used by `exp run --base-from-log`: the candidate is compared with
/// what production really answered, and the base costs nothing.
public struct LoggedAnswers: ResponseLookup {
    private let answers: [String: CachedResponse]
    /// Base calls whose row has no output: those are sent to the model as usual.
    public let missing: Int
    public let found: Int

    /// Answers every call of `variant` in `plan` whose row has an output.
    public init(plan: RunPlan, variant: String = "base") throws {
        var outputs: [String: CachedResponse] = [:]
        var rows = try plan.dataset.rows(checkingDuplicates: false)
        while let row = try rows.next() {
            guard let logged = row.output else { continue }
            // An answer that called tools is `{"text", "tool_calls"}` (see `LogImporter`).
            let calls = logged["tool_calls"]?.arrayValue?.compactMap(ToolCall.init(json:)) ?? []
            let output = calls.isEmpty ? logged.displayText : logged["text"]?.stringValue ?? ""
            var usage: TokenUsage?
            if case .int(let input)? = row.metadata["input_tokens"],
                case .int(let generated)? = row.metadata["output_tokens"]
            {
                usage = TokenUsage(inputTokens: input, outputTokens: generated)
            }
            var latency = 0
            if case .int(let milliseconds)? = row.metadata["latency_ms"] { latency = milliseconds }
            outputs[row.id] = CachedResponse(
                text: output,
                finishReason: row.metadata["finish_reason"]?.stringValue ?? (calls.isEmpty ? "stop" : "tool_calls"),
                usage: usage, latencyMilliseconds: latency, toolCalls: calls)
        }
        var answers: [String: CachedResponse] = [:]
        var missing = 0
        var calls = try plan.calls()
        while let call = try calls.next() {
            guard call.variant == variant else { continue }
            if let answer = outputs[call.rowID] { answers[call.requestHash] = answer } else { missing += 1 }
        }
        self.answers = answers
        self.missing = missing
        found = answers.count
    }

    public func response(for requestHash: String) -> CachedResponse? {
        answers[requestHash]
    }
}
