public import Foundation

/// A results file, written whole or not at all (`StagedFileWriter`).
public actor ResultsFileSink: RecordSink {
    private let writer: StagedFileWriter

    public init(target: URL) throws {
        writer = try StagedFileWriter(target: target)
    }

    public func write(_ record: ResultRecord, row: DatasetRow?) throws {
        try writer.write(record)
    }

    public func finish(complete: Bool) throws {
        try writer.commit()
    }

    public func abandon() {
        writer.abandon()
    }
}
