/// A run that stops as soon as its verdict is decided (`--sequential`): the rows in a
/// seeded random order (`SequentialOrder`), sent in waves through the one `RunSequence`,
/// and after each wave the results as written compared by `SequentialPairedTest`. It stops
/// when a model regressed or every model's test is settled, else when the rows run out
/// (the fixed-size verdict then stands).
///
/// Each wave is the job over the first rows in that order, so the earlier waves' calls are
/// answered from the journal for free, and the results file of the last wave holds every
/// row sent. The decision is recomputed from those results in the same order wherever
/// they are read (the policy's `sequentialOrder`), so the run, its summary, its report and
/// `promote` agree. A run killed between waves resumes: the same order, its calls in the
/// journal, the same decision.
///
/// Checking between waves, not after each row, is valid: the test's guarantees hold at
/// any stopping time. Batch mode, shards and merges are refused: a batch answers within
/// hours, all at once, so there is nothing to stop early.
public struct SequentialRun {
    public let job: RunJob
    public let evaluators: [any Evaluator]
    public let observer: any RunObserver
    public let seed: UInt64
    /// What the judges have spent so far (`EvaluatorSet.ledger`), read before each wave.
    public let judges: @Sendable () async -> JudgeLedger?

    /// `job` is the whole plan; its policy gets the order of `seed`.
    public init(
        job: RunJob, evaluators: [any Evaluator], observer: any RunObserver, seed: UInt64,
        judges: @escaping @Sendable () async -> JudgeLedger? = { nil }
    ) throws {
        guard case .whole = job.mode else { throw RunSetupError.notSequential("cannot run as shards or a merge") }
        guard !job.batch else {
            throw RunSetupError.notSequential(
                "cannot run through batches (a batch answers all its rows at once, hours later); drop --batch, or --sequential"
            )
        }
        guard !evaluators.isEmpty else {
            throw RunSetupError.notSequential("needs evaluators to decide on: add tests.evaluators to the prompt")
        }
        var job = job
        job.policy.sequentialOrder = seed
        self.job = job
        self.evaluators = evaluators
        self.observer = observer
        self.seed = seed
        self.judges = judges
    }

    /// Rows per wave: a twentieth of the rows, at least 10. Each wave rescores the rows
    /// before it (cheap: their calls and judges' answers are kept), so waves are not made
    /// smaller.
    static func waveSize(rows: Int) -> Int { max(10, (rows + 19) / 20) }

    /// Runs waves until the verdict is decided; the last wave's results, what was not
    /// needed, and what the judges had spent before the last wave (for
    /// `JudgeLedger.countingTheLastWaveOnly`). Nil for a dry run or a declined question,
    /// as `RunSequence`.
    public func run(in context: RunContext) async throws -> (
        result: RunJob.Result, record: SequentialRecord, judgesBeforeLastWave: JudgeLedger?
    )? {
        let order = SequentialOrder.sorted(try job.plan.rowKeys(), seed: seed, rowID: \.id)
        // Keys and the question once, for the whole plan: a wave never asks.
        let whole = RunSequence(job: job, evaluators: evaluators, observer: observer)
        let note =
            "--sequential: that is the most it sends; it goes in waves of \(counted(Self.waveSize(rows: order.count), "row")) and stops once the verdict is decided"
        guard try whole.checkKeysAndAsk(in: context, planNote: note) else { return nil }
        if order.isEmpty {
            // Nothing to send (and so nothing asked again): the sequence says so, and the
            // empty results are written.
            guard let result = try await whole.run(in: context) else { return nil }
            return (
                result,
                SequentialRecord(seed: seed, rows: 0, rowsSent: 0, decided: false, callsNotNeeded: 0, costNotNeeded: 0),
                nil
            )
        }
        // Sending starts and ends once: a stop asked for between waves stops the next.
        observer.sending(job)
        defer { observer.ended(job) }
        let step = Self.waveSize(rows: order.count)
        var sent = 0
        var last: RunJob.Result?
        var lastWave = job
        var decided = false
        // What this run sent before the current wave, and through it: a later wave finds
        // those answers in the run's journal, which its summary would count as reused.
        var sentBefore = (byGroup: [String: Int](), calls: 0)
        var sentThrough = sentBefore
        var judgesBeforeLastWave: JudgeLedger?
        while sent < order.count {
            judgesBeforeLastWave = await judges()
            sent = min(order.count, sent + step)
            let wave = job.restricted(toLines: Set(order.prefix(sent).map(\.line)))
            lastWave = wave
            let sequence = RunSequence(
                job: wave, evaluators: evaluators, observer: WaveObserver(base: observer, isFirst: last == nil))
            guard let result = try await sequence.run(in: context) else { return nil }
            sentBefore = sentThrough
            // Errors are not in the journal: a later wave sends them again.
            for group in result.outcome.summary.groups {
                sentThrough.byGroup[RunSummary.key(variant: group.variant, model: group.model), default: 0] +=
                    group.calls - group.reused - group.errors
            }
            sentThrough.calls += result.outcome.summary.sentCalls
            last = result
            // A stopped wave ends the run: the caller says why, its calls kept.
            if result.outcome.stop != nil { break }
            decided = Self.isDecided(result.digest.comparison)
            observer.waveFinished(rows: sent, of: order.count, decided: decided)
            if decided { break }
        }
        guard var last else { return nil }
        var outcome = last.outcome
        outcome.summary.countSentByEarlierWaves(sentBefore.byGroup, calls: sentBefore.calls)
        last = RunJob.Result(outcome: outcome, digest: last.digest)
        var notNeeded = (calls: 0, cost: 0.0)
        if sent < order.count {
            let rest = job.restricted(toLines: Set(order.dropFirst(sent).map(\.line)))
            let estimate = try rest.estimate(in: context, evaluators: evaluators)
            notNeeded = (estimate.calls, estimate.cost + estimate.judgeCost)
        }
        let record = SequentialRecord(
            seed: seed, rows: order.count, rowsSent: sent, decided: decided, callsNotNeeded: notNeeded.calls,
            costNotNeeded: notNeeded.cost)
        observer.finished(last, of: lastWave)
        return (last, record, judgesBeforeLastWave)
    }

    /// Decided: a model regressed (the experiment regressed, whatever the others do), or
    /// every model's test is settled.
    static func isDecided(_ comparison: ScoreComparison?) -> Bool {
        guard let models = comparison?.models, !models.isEmpty else { return false }
        if models.contains(where: { $0.sequential?.decision == .regressed }) { return true }
        return models.allSatisfy { $0.sequential?.isSettled == true }
    }
}
