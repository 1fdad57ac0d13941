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
    public let options: RunnerOptions
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
        providers: [String: any Provider], options: RunnerOptions, lookups: [any ResponseLookup], cache: ResponseCache?,
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
        var scheduler = try CallScheduler(runner: self, plan: plan)
        onEvent(.started(total: plan.callCount))
        do {
            try await withThrowingTaskGroup(of: (PlannedCall, CallResult).self) { group in
                try scheduler.fill(&group)
                while true {
                    // Answers the journal finished while scheduling are written first.
                    let paused = scheduler.isPaused
                    try await scheduler.writeReady(to: sink)
                    if paused {
                        try scheduler.fill(&group)
                        continue
                    }
                    guard let (call, result) = try await group.next() else { break }
                    try scheduler.settle(call, result)
                    try scheduler.fill(&group)
                }
            }
            try await scheduler.writeRest(to: sink)
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
        return Outcome(summary: scheduler.state.summary, stop: scheduler.state.stop)
    }

    /// Whether answers of `model`'s provider are kept (cached and journaled) and reused.
    func keepsAnswers(of model: ResolvedModel) -> Bool {
        providers[model.provider.name]?.cachePolicy != .never
    }
}
