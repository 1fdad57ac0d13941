/// The one order every run goes through, whatever started it (`run`, `exp run`, `check`,
/// the web view) and whatever its mode (direct, batch, shard, merge):
///
/// keys → estimate → the question → collect and submit batches → run (or merge) →
/// why it stopped → the summary.
///
/// The lock, scoring's judges, the commit and dropping the journal belong to the pipeline
/// type around it (`PromptRun`, `ExperimentRun`, `CheckRun`), which holds the lock across
/// them. What a person sees reaches them through the `RunObserver`.
public struct RunSequence {
    public let job: RunJob
    public let evaluators: [any Evaluator]
    public let observer: any RunObserver
    /// In batch mode, how long to wait between polls; nil to return after one pass.
    public var batchPoll: Duration?
    public var clock: any Clock<Duration> = ContinuousClock()

    public init(job: RunJob, evaluators: [any Evaluator], observer: any RunObserver, batchPoll: Duration? = nil) {
        self.job = job
        self.evaluators = evaluators
        self.observer = observer
        self.batchPoll = batchPoll
    }

    /// Runs the job; the results written, or nil when there is nothing to score yet: a dry
    /// run, a declined question, calls still waiting on batches, or a shard's part (the
    /// merge scores it). A shard whose calls failed or stopped throws why.
    public func run(in context: RunContext) async throws -> RunJob.Result? {
        if case .merge(let parts, _) = job.mode {
            let result = try await job.merge(parts: parts, evaluators: evaluators)
            observer.merged(parts: parts.count, into: job)
            observer.finished(result, of: job)
            return result
        }
        if job.plan.rowCount == 0 {
            observer.warning(
                "\(job.plan.dataset.displayPath) has no rows: nothing is sent, and nothing can be compared or scored")
        }
        guard try checkKeysAndAsk(in: context) else { return nil }
        observer.sending(job)
        defer { observer.ended(job) }
        let observer = self.observer
        // Held calls are collected before anything is sent directly: a call a batch holds
        // is never paid for twice.
        if job.batch {
            let report = try await job.awaitBatches(
                in: context, poll: batchPoll, control: observer.control, clock: clock,
                onEvent: { observer.batchEvent($0) })
            guard report.isComplete else {
                observer.batchesOpen(report, of: job)
                return nil
            }
        }
        let result = try await job.run(
            in: context, evaluators: evaluators, control: observer.control, onEvent: { observer.runEvent($0) })
        if case .shard(let shard) = job.mode {
            if let problem = job.problem(with: result.outcome) { throw problem }
            try job.discardJournal()
            observer.shardWritten(shard, of: job)
            return nil
        }
        observer.finished(result, of: job)
        return result
    }

    /// Keys, then the plan and the question: false when nothing is to be sent (a dry run,
    /// or the question declined). Keys are checked before the plan is shown: a run never
    /// asks "Run?" to fail after the answer. A dry run needs none: it says what a real run
    /// would stop on. `planNote` follows the plan (what the estimate means for this run).
    func checkKeysAndAsk(in context: RunContext, planNote: String? = nil) throws -> Bool {
        let missing = job.missingKeys(in: context)
        if let first = missing.first, !job.dryRun { throw first }
        for problem in missing { observer.warning("\(problem.description) (a real run stops here)") }
        guard job.dryRun || observer.asksFirst else { return true }
        let estimate = try job.estimate(in: context, evaluators: evaluators)
        observer.planned(estimate, of: job)
        if let planNote { observer.warning(planNote) }
        if job.dryRun { return false }
        // Collecting batches already paid for needs no question.
        if estimate.toSend > 0, !observer.confirm(estimate) {
            observer.declined()
            return false
        }
        return true
    }
}
