import Foundation

/// One run's scheduling, step by step: which call goes next (`fill`), what a finished
/// call changes (`settle`), and writing the records in the plan's order (`writeReady`).
/// `Runner.run` drives it over a task group; the state is owned by that one task.
struct CallScheduler {
    let runner: Runner
    private(set) var state: RunState
    private var calls: RunPlan.CallIterator
    private var inFlight = 0
    private var exhausted = false
    /// A call that did not fit the budget yet: it waits for the calls in flight, whose
    /// estimates are released when they finish (a cache hit costs nothing).
    private var held: PlannedCall?
    private let limiters: [String: RateLimiter]
    /// Results are written in plan order; a call is scheduled only while it is within
    /// this many places of the oldest unwritten one, which bounds the memory held.
    private let window: Int
    /// Records finished by the journal pile up while scheduling; past this many the
    /// scheduler pauses so they are written first and memory stays bounded.
    private let readyLimit = 4096

    init(runner: Runner, plan: RunPlan) throws {
        self.runner = runner
        let options = runner.options
        state = RunState(total: plan.callCount)
        state.summary = RunSummary(plan: plan)
        calls = try plan.calls()
        window = options.concurrency * 4
        limiters = Dictionary(
            uniqueKeysWithValues: Set(plan.allModels.map(\.provider.name)).map { name in
                (
                    name,
                    RateLimiter(
                        requestsPerMinute: options.requestsPerMinute, tokensPerMinute: options.tokensPerMinute,
                        clock: runner.clock)
                )
            })
    }

    private var options: RunnerOptions { runner.options }

    /// Too many finished records wait unwritten: write them before scheduling more.
    var isPaused: Bool { state.isBufferFull(count: readyLimit, bytes: options.bufferedBytesLimit) }

    /// Schedules calls while there is room: concurrency, the write window, the budget and
    /// the buffer allow it, and nothing stopped the run. Calls the journal or a failed
    /// batch already settle are finished here without a task.
    mutating func fill(_ group: inout ThrowingTaskGroup<(PlannedCall, CallResult), any Error>) throws {
        while !exhausted, inFlight < options.concurrency, state.stop == nil, !isPaused {
            if runner.control.isStopped {
                state.stop = .interrupted
                return
            }
            guard state.nextToSchedule - state.nextToWrite < window || held != nil else { return }
            guard let call = try nextCall() else { return }
            if try settledWithoutSending(call) { continue }
            guard reserveBudget(for: call) else { return }
            guard let provider = runner.providers[call.model.provider.name] else {
                try state.finish(
                    call, .failed(.invalidRequest("no provider '\(call.model.provider.name)'"), 0),
                    journal: nil, maxOutputBytes: nil, onEvent: runner.onEvent)
                continue
            }
            inFlight += 1
            send(call, to: provider, in: &group)
        }
    }

    /// The call held back for the budget, else the plan's next; nil when none is left.
    private mutating func nextCall() throws -> PlannedCall? {
        if let waiting = held {
            held = nil
            return waiting
        }
        guard let pulled = try calls.next() else {
            exhausted = true
            return nil
        }
        state.nextToSchedule += 1
        return pulled
    }

    /// Finishes `call` from the journal (in memory) or as its batch's failure; false when
    /// it must be sent.
    private mutating func settledWithoutSending(_ call: PlannedCall) throws -> Bool {
        // Every provider's answers are journaled, the mock's too: an interrupted run
        // resumes with them, as it says it will.
        if let found = runner.journal?.response(for: call.requestHash) {
            try state.finish(
                call, .reused(found), journal: nil, maxOutputBytes: options.maxStoredOutputBytes,
                onEvent: runner.onEvent)
            return true
        }
        if let failure = runner.batchFailures[call.requestHash] {
            try state.finish(call, .failed(failure, 0), journal: nil, maxOutputBytes: nil, onEvent: runner.onEvent)
            return true
        }
        return false
    }

    /// Under `--max-cost`, sets aside what `call` (and judging its answer) is estimated to
    /// cost; false when it does not fit: held for the calls in flight to finish, or, with
    /// none in flight, the run stops on the budget.
    private mutating func reserveBudget(for call: PlannedCall) -> Bool {
        guard let limit = options.maxCost else { return true }
        let estimate = (CostEstimate.cost(of: call) ?? 0) + options.judgeCostPerOutput
        guard state.spent + state.inFlightEstimate + estimate <= limit else {
            if inFlight > 0 {
                held = call
            } else {
                state.stop = .budget(limit: limit, spent: state.spent)
            }
            return false
        }
        state.inFlightEstimate += estimate
        state.estimates[call.index] = estimate
        return true
    }

    /// Starts `call` as a task: the lookups that read files first, then the provider.
    private func send(
        _ call: PlannedCall, to provider: any Provider,
        in group: inout ThrowingTaskGroup<(PlannedCall, CallResult), any Error>
    ) {
        let limiter = limiters[call.model.provider.name]
        let caller = ModelCaller(retry: options.retry, clock: runner.clock)
        let seed = options.seed &+ UInt64(call.index)
        // A provider whose answers are not kept (the mock: free and deterministic) stores
        // nothing and is looked up only in committed results, not the cache, so a rerun
        // keeps its lines byte for byte.
        let keeps = runner.keepsAnswers(of: call.model)
        let cache = keeps ? runner.cache : nil
        let lookups = keeps ? runner.lookups : runner.lookups.filter { !($0 is ResponseCache) }
        group.addTask {
            // Other lookups read files: done here, in parallel, not in the scheduler.
            for lookup in lookups {
                if let found = lookup.response(for: call.requestHash) { return (call, .reused(found)) }
            }
            let result = await caller.call(call.request, provider: provider, limiter: limiter, seed: seed)
            if case .answered(let response) = result { cache?.store(response, for: call.requestHash) }
            return (call, result)
        }
    }

    /// A call came back: its budget reservation is released, a refusal of the run itself
    /// (401, 403, 404) stops it, and the record is finished (journaled first).
    mutating func settle(_ call: PlannedCall, _ result: CallResult) throws {
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
            call, result, journal: runner.journal, maxOutputBytes: options.maxStoredOutputBytes,
            onEvent: runner.onEvent)
    }

    /// Hands the records finished in plan order to `sink`.
    mutating func writeReady(to sink: any RecordSink) async throws {
        for (record, row) in state.takeReady() { try await sink.write(record, row: row) }
    }

    /// The run is over: every record left, then the sink finishes (complete unless it
    /// stopped early).
    mutating func writeRest(to sink: any RecordSink) async throws {
        state.flushAll()
        try await writeReady(to: sink)
        try await sink.finish(complete: state.stop == nil)
    }
}
