/// What a run shows a person as it goes, from the plan to the summary: the terminal's
/// presenter and the web view's run board are two observers of the one `RunSequence`.
///
/// The sequence decides; an observer only shows, and answers the one question it is
/// asked (`confirm`). Every method has a default that shows nothing.
public protocol RunObserver: Sendable {
    /// Stops the run when asked (Ctrl-C, the page's Cancel): the calls in flight finish
    /// and are kept.
    var control: RunControl { get }
    /// Whether to show the plan and ask before anything is sent (a person at a terminal).
    var asksFirst: Bool { get }

    /// Something a person should know that does not stop the run.
    func warning(_ message: String)
    /// The plan's calls and cost, shown for a dry run and before the question.
    func planned(_ estimate: CostEstimate, of job: RunJob)
    /// The question before sending: false and nothing is sent.
    func confirm(_ estimate: CostEstimate) -> Bool
    /// `confirm` said no: nothing was sent.
    func declined()
    /// Calls are about to go out (after the question): from here on, a stop request stops.
    func sending(_ job: RunJob)
    /// The run has ended, however it ended.
    func ended(_ job: RunJob)
    func batchEvent(_ event: BatchEvent)
    /// Batches still run at the providers: the run finishes on a later pass.
    func batchesOpen(_ report: BatchRun.Report, of job: RunJob)
    func runEvent(_ event: RunEvent)
    /// `parts` results parts were joined into the job's results.
    func merged(parts: Int, into job: RunJob)
    /// A shard's calls are in its part; the merge scores them.
    func shardWritten(_ shard: Shard, of job: RunJob)
    /// The results are written: the summary.
    func finished(_ result: RunJob.Result, of job: RunJob)
    /// A sequential run's wave is scored: `rows` of `total` sent, and whether the verdict
    /// is decided on them.
    func waveFinished(rows: Int, of total: Int, decided: Bool)
}

extension RunObserver {
    public var asksFirst: Bool { false }
    public func warning(_ message: String) {}
    public func planned(_ estimate: CostEstimate, of job: RunJob) {}
    public func confirm(_ estimate: CostEstimate) -> Bool { true }
    public func declined() {}
    public func sending(_ job: RunJob) {}
    public func ended(_ job: RunJob) {}
    public func batchEvent(_ event: BatchEvent) {}
    public func batchesOpen(_ report: BatchRun.Report, of job: RunJob) {}
    public func runEvent(_ event: RunEvent) {}
    public func merged(parts: Int, into job: RunJob) {}
    public func shardWritten(_ shard: Shard, of job: RunJob) {}
    public func finished(_ result: RunJob.Result, of job: RunJob) {}
    public func waveFinished(rows: Int, of total: Int, decided: Bool) {}
}
