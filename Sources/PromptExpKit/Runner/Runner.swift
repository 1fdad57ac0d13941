public import Clocks
public import Foundation

/// Runs a plan's calls against the providers: bounded concurrency, rate limits, retries,
/// reuse of finished calls, a budget, and a results file written in the plan's order.
///
/// Every finished call goes to the run journal the moment it finishes (and to the cache),
/// so an interrupted run resumes without paying for it again. A failed call is recorded
/// with its error and the run goes on.
public struct Runner: Sendable {
    public let providers: [String: any Provider]
    public let options: RunOptions
    /// Earlier answers to reuse, checked in order: the run journal, committed results, the cache.
    public let lookups: [any ResponseLookup]
    public let cache: ResponseCache?
    public let journal: RunJournal?
    public let control: RunControl
    public let onEvent: @Sendable (RunEvent) -> Void
    /// What rate limits, retries and latencies are timed by; tests pass a `TestClock`.
    public let clock: AnyClock<Duration>
    /// Calls a provider batch already reported failed, by request hash: recorded with
    /// that error, not sent again in this run.
    public var batchFailures: [String: ProviderError] = [:]

    public init(
        providers: [String: any Provider], options: RunOptions, lookups: [any ResponseLookup], cache: ResponseCache?,
        journal: RunJournal?, control: RunControl = RunControl(),
        clock: AnyClock<Duration> = AnyClock(ContinuousClock()),
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) {
        self.providers = providers
        self.options = options
        self.lookups = lookups
        self.cache = cache
        self.journal = journal
        self.control = control
        self.clock = clock
        self.onEvent = onEvent
    }

    /// Whether answers of `model`'s provider are kept (cached and journaled) and reused.
    private func keepsAnswers(of model: ResolvedModel) -> Bool {
        providers[model.provider.name]?.cachePolicy != .never
    }

    public struct Outcome: Sendable {
        public var summary: RunSummary
        /// Set when the run ended early; the journal then keeps what finished.
        public var stop: RunStop?
    }

    /// Estimates the plan without sending anything. Calls of `batched` providers are
    /// priced at their batch price; calls in `held` (by request hash) are already in a
    /// submitted batch, or failed in one, and cost nothing more.
    public func estimate(
        _ plan: RunPlan, history: OutputTokenHistory = OutputTokenHistory(), batched: Set<String> = [],
        held: Set<String> = []
    ) throws -> CostEstimate {
        var estimate = CostEstimate()
        var calls = try plan.calls()
        while let call = try calls.next() {
            let answer = reusable(call)
            if answer == nil, held.contains(call.requestHash) {
                estimate.addHeld(call)
                continue
            }
            estimate.add(call, answer: answer, batched: batched.contains(call.model.provider.name))
        }
        estimate.finish(history: history)
        return estimate
    }

    private func reusable(_ call: PlannedCall) -> CachedResponse? {
        for lookup in lookups {
            if let found = lookup.response(for: call.requestHash) { return found }
        }
        return nil
    }

    /// Runs the plan and writes its results to `output`.
    public func run(_ plan: RunPlan, writingTo output: URL) async throws -> Outcome {
        try await run(plan, into: ResultsFileSink(target: output))
    }

    /// Runs the plan and hands its records, in the plan's order, to `sink`.
    public func run(_ plan: RunPlan, into sink: any RecordSink) async throws -> Outcome {
        let models = plan.allModels
        for model in Set(models.map(\.name)).sorted() where models.first(where: { $0.name == model })?.price == nil {
            onEvent(
                .warning(
                    "no price known for model '\(model)': its cost is left empty (add input_per_million and output_per_million under models: in .promptexp/config.yaml)"
                ))
        }
        let limiters = Dictionary(
            uniqueKeysWithValues: Set(models.map(\.provider.name)).map { name in
                (
                    name,
                    RateLimiter(
                        requestsPerMinute: options.requestsPerMinute, tokensPerMinute: options.tokensPerMinute,
                        clock: clock)
                )
            })
        var state = RunState(total: plan.callCount)
        state.summary = RunSummary(plan: plan)
        onEvent(.started(total: plan.callCount))
        var calls = try plan.calls()
        // Results are written in plan order; a call is scheduled only while it is within
        // this many places of the oldest unwritten one, which bounds the memory held.
        let window = options.concurrency * 4

        do {
            try await withThrowingTaskGroup(of: (PlannedCall, CallResult).self) { group in
                var inFlight = 0
                var exhausted = false
                // A call that did not fit the budget yet: it waits for the calls in flight,
                // whose estimates are released when they finish (a cache hit costs nothing).
                var held: PlannedCall?
                // Records finished by the journal pile up while scheduling; past this many
                // the scheduler pauses so they are written first and memory stays bounded.
                let readyLimit = 4096
                func schedule() throws {
                    while !exhausted, inFlight < options.concurrency, state.stop == nil,
                        !state.isBufferFull(
                            count: readyLimit, bytes: options.bufferedBytesLimit)
                    {
                        if control.isStopped {
                            state.stop = .interrupted
                            return
                        }
                        guard state.nextToSchedule - state.nextToWrite < window || held != nil else { return }
                        let next: PlannedCall
                        if let waiting = held {
                            next = waiting
                            held = nil
                        } else {
                            guard let pulled = try calls.next() else {
                                exhausted = true
                                return
                            }
                            next = pulled
                            state.nextToSchedule += 1
                        }
                        let call = next
                        // The journal is in memory: a call it holds is finished here and now.
                        // Every provider's answers are journaled, the mock's too: an
                        // interrupted run resumes with them, as it says it will.
                        if let found = journal?.response(for: call.requestHash) {
                            try state.finish(
                                call, .reused(found), journal: nil, maxOutputBytes: options.maxStoredOutputBytes,
                                onEvent: onEvent)
                            continue
                        }
                        if let failure = batchFailures[call.requestHash] {
                            try state.finish(
                                call, .failed(failure, 0), journal: nil, maxOutputBytes: nil, onEvent: onEvent)
                            continue
                        }
                        if let limit = options.maxCost {
                            let estimate = (CostEstimate.cost(of: call) ?? 0) + options.judgeCostPerOutput
                            if state.spent + state.inFlightEstimate + estimate > limit {
                                if inFlight > 0 {
                                    held = call
                                } else {
                                    state.stop = .budget(limit: limit, spent: state.spent)
                                }
                                return
                            }
                            state.inFlightEstimate += estimate
                            state.estimates[call.index] = estimate
                        }
                        guard let provider = providers[call.model.provider.name] else {
                            try state.finish(
                                call, .failed(.invalidRequest("no provider '\(call.model.provider.name)'"), 0),
                                journal: nil, maxOutputBytes: nil, onEvent: onEvent)
                            continue
                        }
                        inFlight += 1
                        let limiter = limiters[call.model.provider.name]
                        let caller = ModelCaller(retry: options.retry, clock: clock)
                        let seed = options.seed &+ UInt64(call.index)
                        // A provider whose answers are not kept (the mock: free and
                        // deterministic) stores nothing and is looked up only in committed
                        // results, not the cache, so a rerun keeps its lines byte for byte.
                        let keeps = keepsAnswers(of: call.model)
                        let cache = keeps ? self.cache : nil
                        let lookups = keeps ? self.lookups : self.lookups.filter { !($0 is ResponseCache) }
                        group.addTask {
                            // Other lookups read files: done here, in parallel, not in the scheduler.
                            for lookup in lookups {
                                if let found = lookup.response(for: call.requestHash) { return (call, .reused(found)) }
                            }
                            let result = await caller.call(
                                call.request, provider: provider, limiter: limiter, seed: seed)
                            if case .answered(let response) = result { cache?.store(response, for: call.requestHash) }
                            return (call, result)
                        }
                    }
                }
                try schedule()
                while true {
                    let paused = state.isBufferFull(count: readyLimit, bytes: options.bufferedBytesLimit)
                    for (record, row) in state.takeReady() { try await sink.write(record, row: row) }
                    if paused {
                        try schedule()
                        continue
                    }
                    guard let (call, result) = try await group.next() else { break }
                    inFlight -= 1
                    state.inFlightEstimate -= state.estimates.removeValue(forKey: call.index) ?? 0
                    if case .failed(.http(let status, let message, _), _) = result, [401, 403, 404].contains(status),
                        state.stop == nil
                    {
                        state.stop = .refused(
                            provider: call.model.provider.name, status: status, message: message,
                            keyVariable: call.model.provider.apiKeyEnv)
                    }
                    if case .answered = result { state.spent += options.judgeCostPerOutput }
                    try state.finish(
                        call, result, journal: self.journal, maxOutputBytes: options.maxStoredOutputBytes,
                        onEvent: onEvent)
                    try schedule()
                }
            }
            state.flushAll()
            for (record, row) in state.takeReady() { try await sink.write(record, row: row) }
            try await sink.finish(complete: state.stop == nil)
        } catch {
            await sink.abandon()
            throw error
        }
        if let problem = cache?.writeFailure {
            onEvent(
                .warning(
                    "answers could not be stored in the response cache (\(problem)): a later run pays for them again; check .promptexp/cache/"
                ))
        }
        // The journal stays: the caller removes it once the results are durable where they
        // end up (an experiment's commit), so a kill before that still resumes for free.
        return Outcome(summary: state.summary, stop: state.stop)
    }
}

/// How one call ended.
enum CallResult: Sendable {
    case answered(CachedResponse)
    case reused(CachedResponse)
    case failed(ProviderError, Int)
}

/// The mutable bookkeeping of a run, owned by the task that drives it.
struct RunState {
    var summary = RunSummary()
    var progress = RunProgress()
    var nextToSchedule = 0
    var nextToWrite = 0
    var finished: [Int: (record: ResultRecord, row: DatasetRow?)] = [:]
    /// Finished in order and not yet handed to the sink, with the rows they answer.
    var ready: [(record: ResultRecord, row: DatasetRow?)] = []
    var spent = 0.0
    var inFlightEstimate = 0.0
    var estimates: [Int: Double] = [:]
    var stop: RunStop?
    /// Output bytes held in `finished` and `ready`, not yet written.
    var bufferedBytes = 0

    init(total: Int) {
        progress.total = total
    }

    /// Whether the answers held unwritten reach either budget: the scheduler then waits.
    func isBufferFull(count: Int, bytes: Int) -> Bool {
        ready.count >= count || (bufferedBytes >= bytes && !ready.isEmpty)
    }

    mutating func finish(
        _ call: PlannedCall, _ result: CallResult, journal: RunJournal?, maxOutputBytes: Int?,
        onEvent: (RunEvent) -> Void
    ) throws {
        var record = ResultRecord(
            rowID: call.rowID, variant: call.variant, model: call.model.name, repeatIndex: call.repeatIndex,
            promptBlob: call.promptBlob, requestHash: call.requestHash, output: nil, finishReason: nil, usage: nil,
            cost: nil, latencyMilliseconds: nil, error: nil)
        let reused: Bool
        switch result {
        case .answered(let response):
            reused = false
            record.fill(from: response, price: call.model.price, maxOutputBytes: maxOutputBytes)
            // A server that reports no usage still charges: the budget counts what the
            // request and answer are estimated to cost, as the estimate before the run does.
            spent += record.cost ?? Self.estimatedCost(of: call, answer: response) ?? 0
            // Durable before anything else: a kill after this line costs nothing.
            try journal?.append(response, for: call.requestHash)
        case .reused(let response):
            reused = true
            record.fill(from: response, price: call.model.price, maxOutputBytes: maxOutputBytes)
        case .failed(let error, let latency):
            reused = false
            record.error = error.description
            if case .batch(let id, _) = error {
                record.batch = id
            } else {
                record.latencyMilliseconds = latency
            }
        }
        if !reused {
            summary.sentCalls += 1
            progress.sent += 1
        }
        summary.add(record, reused: reused)
        progress.done += 1
        if reused { progress.reused += 1 }
        if record.error != nil { progress.errors += 1 }
        progress.cost = spent
        bufferedBytes += record.output?.utf8.count ?? 0
        finished[call.index] = (record, call.row)
        while let next = finished.removeValue(forKey: nextToWrite) {
            ready.append(next)
            nextToWrite += 1
        }
        onEvent(.progress(progress))
    }

    /// What an answer without usage is estimated to cost: input ≈ request bytes / 4,
    /// output ≈ answer bytes / 4; nil when the model's price is unknown.
    static func estimatedCost(of call: PlannedCall, answer: CachedResponse) -> Double? {
        let price = answer.batch == nil ? call.model.price : call.model.price?.batch
        return price?.cost(
            inputTokens: CostEstimate.inputTokens(for: call.request),
            outputTokens: OutputTokenHistory.tokens(of: answer.text, counted: nil))
    }

    /// Readies whatever finished out of order after a gap (a stopped run's stragglers).
    mutating func flushAll() {
        for index in finished.keys.sorted() {
            if let record = finished.removeValue(forKey: index) { ready.append(record) }
        }
    }

    /// The records ready to be written, in order; the list is emptied.
    mutating func takeReady() -> [(record: ResultRecord, row: DatasetRow?)] {
        bufferedBytes -= ready.reduce(0) { $0 + ($1.record.output?.utf8.count ?? 0) }
        defer { ready.removeAll(keepingCapacity: true) }
        return ready
    }
}

extension ResultRecord {
    /// Copies an answer in and prices it: usage × price when both are known; a free
    /// model costs 0 even without usage; otherwise the cost stays unknown.
    mutating func fill(from response: CachedResponse, price: ModelPrice?, maxOutputBytes: Int? = nil) {
        output = response.text
        if let limit = maxOutputBytes, response.text.utf8.count > limit {
            output = Self.prefix(of: response.text, bytes: limit)
            outputBytes = response.text.utf8.count
        }
        finishReason = response.finishReason
        usage = response.usage
        batch = response.batch
        // A batch answer took no time of its own that anyone waited on.
        latencyMilliseconds = response.batch == nil ? response.latencyMilliseconds : nil
        let price = response.batch == nil ? price : price?.batch
        if let usage = response.usage, let price {
            cost = price.cost(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
        } else if let price, price.inputPerMillion == 0, price.outputPerMillion == 0 {
            cost = 0
        }
    }
}

extension ResultRecord {
    /// The longest beginning of `text` within `bytes` bytes of UTF-8, cut between characters.
    static func prefix(of text: String, bytes: Int) -> String {
        var end = text.startIndex
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= bytes else { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end])
    }
}
