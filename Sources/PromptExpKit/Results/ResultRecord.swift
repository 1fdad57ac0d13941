import Foundation

/// One line of a results file: what one call answered, and what it cost.
///
/// Lines are canonical JSON (sorted keys) in the run's fixed order. There are no
/// timestamps: the same outputs give a byte-identical file, so `git diff` between two runs
/// shows exactly the outputs that changed. `latency_ms` is the original call's time (a
/// cache hit repeats it), and `results diff` ignores it.
public struct ResultRecord: Hashable, Sendable {
    public var rowID: String
    public var variant: String
    public var model: String
    public var repeatIndex: Int
    public var promptBlob: ObjectID
    public var requestHash: String
    public var output: String?
    public var finishReason: String?
    public var usage: TokenUsage?
    /// Dollars; nil when the model's price is unknown.
    public var cost: Double?
    public var latencyMilliseconds: Int?
    public var error: String?
    public var scores: [String: JSONValue]
    /// The provider batch that answered the call; nil (and absent from the line) for a
    /// call made directly.
    public var batch: String?
    /// When the answer was longer than a results line keeps (`RunnerOptions.maxStoredOutputBytes`),
    /// its whole size in bytes: `output` holds its beginning. Nil (and absent) otherwise.
    public var outputBytes: Int?
    /// The tools the model called, in its order; empty (and absent from the line) when none.
    public var toolCalls: [ToolCall] = []

    public init(
        rowID: String, variant: String, model: String, repeatIndex: Int, promptBlob: ObjectID, requestHash: String,
        output: String?, finishReason: String?, usage: TokenUsage?, cost: Double?, latencyMilliseconds: Int?,
        error: String?, scores: [String: JSONValue] = [:], batch: String? = nil
    ) {
        self.batch = batch
        self.rowID = rowID
        self.variant = variant
        self.model = model
        self.repeatIndex = repeatIndex
        self.promptBlob = promptBlob
        self.requestHash = requestHash
        self.output = output
        self.finishReason = finishReason
        self.usage = usage
        self.cost = cost
        self.latencyMilliseconds = latencyMilliseconds
        self.error = error
        self.scores = scores
    }

    public var succeeded: Bool { error == nil }

    /// What a view shows for this call: its answer, or `error: …` when it failed.
    public var shownText: String {
        output != nil || !toolCalls.isEmpty ? answerText : error.map { "error: \($0)" } ?? ""
    }

    /// The answer as one text, the canonical form every text evaluator reads: the output,
    /// then each tool call on a line of its own (`→ get_order({"id":"A-7"})`).
    public var answerText: String {
        let calls = toolCalls.map(\.line)
        guard !calls.isEmpty else { return output ?? "" }
        return ([output ?? ""].filter { !$0.isEmpty } + calls).joined(separator: "\n")
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "row_id": .string(rowID),
            "variant": .string(variant),
            "model": .string(model),
            "repeat": .int(repeatIndex),
            "prompt_blob": .string(promptBlob.hex),
            "request_hash": .string(requestHash),
            "output": output.map(JSONValue.string) ?? .null,
            "finish_reason": finishReason.map(JSONValue.string) ?? .null,
            "usage": usage.map { ["input_tokens": .int($0.inputTokens), "output_tokens": .int($0.outputTokens)] }
                ?? .null,
            "cost": cost.map { .double(Self.rounded($0)) } ?? .null,
            "latency_ms": latencyMilliseconds.map(JSONValue.int) ?? .null,
            "error": error.map(JSONValue.string) ?? .null,
            "scores": .object(scores),
        ]
        if let batch { object["batch"] = .string(batch) }
        if let outputBytes { object["output_bytes"] = .int(outputBytes) }
        if !toolCalls.isEmpty { object["tool_calls"] = .array(toolCalls.map(\.json)) }
        return .object(object)
    }

    /// The same text as `json.canonicalJSON`, written field by field in sorted-key order:
    /// results files are written a line per call, so this is a hot path.
    public var canonicalLine: String {
        var out = "{"
        if let batch {
            out += "\"batch\":"
            JSONValue.appendQuoted(batch, to: &out)
            out += ","
        }
        out += "\"cost\":"
        out += cost.map { JSONValue.double(Self.rounded($0)).canonicalJSON } ?? "null"
        out += ",\"error\":"
        Self.appendOptional(error, to: &out)
        out += ",\"finish_reason\":"
        Self.appendOptional(finishReason, to: &out)
        out += ",\"latency_ms\":"
        out += latencyMilliseconds.map(String.init) ?? "null"
        out += ",\"model\":"
        JSONValue.appendQuoted(model, to: &out)
        out += ",\"output\":"
        Self.appendOptional(output, to: &out)
        if let outputBytes { out += ",\"output_bytes\":\(outputBytes)" }
        out += ",\"prompt_blob\":\"\(promptBlob.hex)\",\"repeat\":\(repeatIndex),\"request_hash\":"
        JSONValue.appendQuoted(requestHash, to: &out)
        out += ",\"row_id\":"
        JSONValue.appendQuoted(rowID, to: &out)
        out += ",\"scores\":"
        out += JSONValue.object(scores).canonicalJSON
        if !toolCalls.isEmpty { out += ",\"tool_calls\":" + JSONValue.array(toolCalls.map(\.json)).canonicalJSON }
        out += ",\"usage\":"
        if let usage {
            out += "{\"input_tokens\":\(usage.inputTokens),\"output_tokens\":\(usage.outputTokens)}"
        } else {
            out += "null"
        }
        out += ",\"variant\":"
        JSONValue.appendQuoted(variant, to: &out)
        out += "}"
        return out
    }

    private static func appendOptional(_ text: String?, to out: inout String) {
        if let text { JSONValue.appendQuoted(text, to: &out) } else { out += "null" }
    }

    /// Costs are kept to a millionth of a cent, so float noise never shows in a diff.
    static func rounded(_ cost: Double) -> Double {
        (cost * 1e8).rounded() / 1e8
    }

    /// Reads a line written by `json`; nil when a required field is missing.
    public init?(json: JSONValue) {
        guard let rowID = json["row_id"]?.stringValue, let variant = json["variant"]?.stringValue,
            let model = json["model"]?.stringValue, case .int(let repeatIndex)? = json["repeat"],
            let blob = json["prompt_blob"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let hash = json["request_hash"]?.stringValue
        else { return nil }
        var usage: TokenUsage?
        if case .int(let input)? = json["usage"]?["input_tokens"],
            case .int(let output)? = json["usage"]?["output_tokens"]
        {
            usage = TokenUsage(inputTokens: input, outputTokens: output)
        }
        var latency: Int?
        if case .int(let value)? = json["latency_ms"] { latency = value }
        self.init(
            rowID: rowID, variant: variant, model: model, repeatIndex: repeatIndex, promptBlob: blob, requestHash: hash,
            output: json["output"]?.stringValue, finishReason: json["finish_reason"]?.stringValue, usage: usage,
            cost: json["cost"]?.doubleValue, latencyMilliseconds: latency, error: json["error"]?.stringValue,
            scores: json["scores"]?.objectValue ?? [:], batch: json["batch"]?.stringValue)
        if case .int(let bytes)? = json["output_bytes"] { outputBytes = bytes }
        toolCalls = json["tool_calls"]?.arrayValue?.compactMap(ToolCall.init(json:)) ?? []
    }

    /// The finished call this line records, for reuse as a cache hit.
    public var cachedResponse: CachedResponse? {
        guard error == nil, let output else { return nil }
        return CachedResponse(
            text: output, finishReason: finishReason, usage: usage, latencyMilliseconds: latencyMilliseconds ?? 0,
            batch: batch, toolCalls: toolCalls)
    }
}
