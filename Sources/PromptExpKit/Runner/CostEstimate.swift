/// What a run would cost, estimated before anything is sent.
///
/// Input tokens ≈ UTF-8 bytes of the messages / 4 (about right for English text with
/// OpenAI's, Anthropic's and Google's tokenizers). Output tokens per call, for each variant
/// and model, come from the first of these that knows something: the answers this run
/// already has for other rows of the same prompt and model (cache, committed results, an
/// interrupted attempt), earlier results of the same run, the dataset's logged outputs,
/// the request's `max_tokens`, else `assumedOutputTokens`; never more than `max_tokens`.
/// Reused answers cost nothing.
public struct CostEstimate: Sendable {
    public static let assumedOutputTokens = 256
    public static let inputMethod = "input tokens ≈ message bytes / 4"

    /// Where one group's output tokens per call came from.
    public enum OutputSource: Hashable, Sendable {
        case knownAnswers(Int)
        case earlierResults(Int, path: String)
        case loggedOutputs(Int)
        case maxTokens
        case assumed

        var text: String {
            switch self {
            case .knownAnswers(let count):
                "the mean of \(counted(count, "answer")) this run already has for the same prompt and model"
            case .earlierResults(let count, let path): "the mean of \(counted(count, "earlier answer")) in \(path)"
            case .loggedOutputs(let count): "the mean of the dataset's \(counted(count, "logged output"))"
            case .maxTokens: "max_tokens, as nothing is known of earlier answers"
            case .assumed: "assumed: no max_tokens, and nothing is known of earlier answers"
            }
        }
    }

    /// One variant on one model.
    public struct Group: Sendable {
        public let variant: String
        public let model: String
        public internal(set) var calls = 0
        public internal(set) var reused = 0
        /// Calls already in a submitted batch (or failed by one): nothing more to pay.
        public internal(set) var held = 0
        public internal(set) var inputTokens = 0
        public internal(set) var outputTokens = 0
        public internal(set) var outputPerCall = 0
        public internal(set) var outputSource = OutputSource.assumed
        /// Dollars for the calls to send; nil when the model's price is unknown.
        public internal(set) var cost: Double?
        var known = OutputTokenHistory.Tally()
        var maxTokens: Int?
        var price: ModelPrice?
        var sent: Int { calls - reused - held }
    }

    public private(set) var groups: [Group] = []

    /// One judge's calls: how many, on which model, and their dollars (nil: price unknown).
    public struct JudgeGroup: Sendable {
        public let evaluator: String
        public let model: String
        public let calls: Int
        public let cost: Double?
    }

    /// The judges' calls for the outputs this run will score anew (outputs answered from
    /// the cache or committed results are judged from the judges' cache too).
    public private(set) var judges: [JudgeGroup] = []

    /// The judges' estimated dollars.
    public var judgeCost: Double { judges.reduce(0) { $0 + ($1.cost ?? 0) } }
    public var judgeCalls: Int { judges.reduce(0) { $0 + $1.calls } }

    /// Counts `uses`' calls over the outputs to send: one per output for a judge of each
    /// output, two per base/candidate pair for a pairwise judge.
    mutating func addJudges(_ uses: [JudgeUse]) {
        let outputs = groups.reduce(0) { $0 + $1.sent }
        let pairs = outputs / 2
        let perOutput = outputs == 0 ? 0 : groups.reduce(0) { $0 + $1.outputTokens } / max(1, outputs)
        judges = uses.map { use in
            let calls = use.perPair ? 2 * pairs : outputs
            return JudgeGroup(
                evaluator: use.evaluator, model: use.model.name, calls: calls,
                cost: use.costPerCall(outputTokens: perOutput).map { $0 * Double(calls) })
        }
    }

    /// What the judges are expected to spend for each output answered: what `--max-cost`
    /// holds back and counts with every call.
    var judgeCostPerOutput: Double {
        let outputs = groups.reduce(0) { $0 + $1.sent }
        return outputs == 0 ? 0 : judgeCost / Double(outputs)
    }

    public var calls: Int { groups.reduce(0) { $0 + $1.calls } }
    /// Calls that the cache, the run journal or committed results already answer.
    public var reused: Int { groups.reduce(0) { $0 + $1.reused } }
    /// Calls already in submitted batches.
    public var held: Int { groups.reduce(0) { $0 + $1.held } }
    /// Calls this run would pay for.
    public var toSend: Int { calls - reused - held }
    public var inputTokens: Int { groups.reduce(0) { $0 + $1.inputTokens } }
    public var outputTokens: Int { groups.reduce(0) { $0 + $1.outputTokens } }
    /// Dollars over the calls whose price is known.
    public var cost: Double { groups.reduce(0) { $0 + ($1.cost ?? 0) } }
    /// Models with calls to send and no known price.
    public var unpricedModels: Set<String> { Set(groups.filter { $0.cost == nil && $0.sent > 0 }.map(\.model)) }

    /// How each group's output tokens were estimated, one line each.
    public var methods: [String] {
        [Self.inputMethod]
            + groups.filter { $0.sent > 0 }.map { group in
                "output tokens, \(group.variant) · \(group.model): \(group.outputPerCall) per call, \(group.outputSource.text)"
            }
    }

    public init() {}

    static func inputTokens(for request: ChatRequest) -> Int {
        max(1, request.messages.reduce(0) { $0 + $1.content.utf8.count + 4 } / 4)
    }

    static func maxTokens(for request: ChatRequest) -> Int? {
        var limit: Int?
        for key in ["max_tokens", "max_completion_tokens", "max_output_tokens"] {
            if case .int(let value)? = request.params[key] { limit = value }
        }
        return limit
    }

    /// The most one call can cost, or nil when its price is unknown: what a budget holds
    /// back while the call is in flight (its answer may fill `max_tokens`).
    static func cost(of call: PlannedCall, batched: Bool = false) -> Double? {
        let output = maxTokens(for: call.request) ?? assumedOutputTokens
        let price = batched ? call.model.price?.batch : call.model.price
        return price?.cost(inputTokens: inputTokens(for: call.request), outputTokens: output)
    }

    /// Counts a call already in a submitted batch.
    mutating func addHeld(_ call: PlannedCall) {
        let index = groupIndex(for: call)
        groups[index].calls += 1
        groups[index].held += 1
    }

    private mutating func groupIndex(for call: PlannedCall) -> Int {
        if let index = groups.firstIndex(where: { $0.variant == call.variant && $0.model == call.model.name }) {
            return index
        }
        groups.append(Group(variant: call.variant, model: call.model.name))
        return groups.count - 1
    }

    /// Counts a call; `answer` is the answer already known for it, which costs nothing.
    /// `batched`: the call goes through its provider's batch API, at the batch price.
    mutating func add(_ call: PlannedCall, answer: CachedResponse?, batched: Bool = false) {
        let index = groupIndex(for: call)
        groups[index].calls += 1
        groups[index].price = batched ? call.model.price?.batch : call.model.price
        if let answer {
            groups[index].reused += 1
            groups[index].known.add(OutputTokenHistory.tokens(of: answer.text, counted: answer.usage?.outputTokens))
            return
        }
        groups[index].inputTokens += Self.inputTokens(for: call.request)
        if let limit = Self.maxTokens(for: call.request) { groups[index].maxTokens = limit }
    }

    /// Sets each group's output tokens and cost from what is known.
    mutating func finish(history: OutputTokenHistory) {
        for index in groups.indices {
            var group = groups[index]
            let earlier = history.earlier[group.variant]?[group.model] ?? OutputTokenHistory.Tally()
            let perCall: Double
            if let mean = group.known.mean {
                (perCall, group.outputSource) = (mean, .knownAnswers(group.known.answers))
            } else if let mean = earlier.mean, let path = history.earlierSource {
                (perCall, group.outputSource) = (mean, .earlierResults(earlier.answers, path: path))
            } else if let mean = history.logged.mean {
                (perCall, group.outputSource) = (mean, .loggedOutputs(history.logged.answers))
            } else if let limit = group.maxTokens {
                (perCall, group.outputSource) = (Double(limit), .maxTokens)
            } else {
                (perCall, group.outputSource) = (Double(Self.assumedOutputTokens), .assumed)
            }
            group.outputPerCall = min(Int(perCall.rounded(.up)), group.maxTokens ?? .max)
            group.outputTokens = group.outputPerCall * group.sent
            group.cost =
                group.sent == 0
                ? 0 : group.price?.cost(inputTokens: group.inputTokens, outputTokens: group.outputTokens)
            groups[index] = group
        }
    }
}
