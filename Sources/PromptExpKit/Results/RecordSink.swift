/// Where a run's records go, one at a time in the plan's order: a results file, or a
/// scorer in front of one, so the results are written once.
public protocol RecordSink: Sendable {
    /// `row` is the dataset row the record answers, when known.
    func write(_ record: ResultRecord, row: DatasetRow?) async throws
    /// Every record is written: make the results durable where they belong. `complete` is
    /// false when the run stopped early (then nothing more is spent on them).
    func finish(complete: Bool) async throws
    /// The run failed: leave no partial file behind.
    func abandon() async
}
