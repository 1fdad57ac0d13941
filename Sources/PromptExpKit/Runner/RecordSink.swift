public import Foundation

/// Where a run's records go, one at a time in the plan's order: a results file, or a
/// scorer in front of one, so the results are written once.
public protocol RecordSink: Sendable {
    func write(_ record: ResultRecord) async throws
    /// Every record is written: make the results durable where they belong. `complete` is
    /// false when the run stopped early (then nothing more is spent on them).
    func finish(complete: Bool) async throws
    /// The run failed: leave no partial file behind.
    func abandon() async
}

/// A results file, written whole or not at all (`StagedFileWriter`).
public actor ResultsFileSink: RecordSink {
    private let writer: StagedFileWriter

    public init(target: URL) throws {
        writer = try StagedFileWriter(target: target)
    }

    public func write(_ record: ResultRecord) throws {
        try writer.write(record)
    }

    public func finish(complete: Bool) throws {
        try writer.commit()
    }

    public func abandon() {
        writer.abandon()
    }
}
