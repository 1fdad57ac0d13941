public import Foundation

/// Reads a results file a row at a time: the records of one row (its variants, models and
/// repeats), which a run writes together. Memory holds one row, whatever the file's size.
public struct ResultRowReader {
    private var lines: JSONLLineReader.Iterator
    private let displayPath: String
    private var pending: ResultRecord?

    public init(url: URL, displayPath: String) {
        lines = JSONLLineReader(url: url).makeIterator()
        self.displayPath = displayPath
    }

    /// The next row's records, or nil at the end; a bad line is an error naming it.
    public mutating func next() throws -> [ResultRecord]? {
        var row: [ResultRecord] = pending.map { [$0] } ?? []
        pending = nil
        while let (number, bytes) = lines.next() {
            guard !bytes.isEmpty, !Shard.isHeader(bytes) else { continue }
            let record = try ResultsFile.record(from: bytes, path: displayPath, line: number)
            if let first = row.first, first.rowID != record.rowID {
                pending = record
                return row
            }
            row.append(record)
        }
        if let error = lines.error { throw error }
        return row.isEmpty ? nil : row
    }
}
