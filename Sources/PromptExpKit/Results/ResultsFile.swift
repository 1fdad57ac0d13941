public import Foundation

/// Reads and writes results files (`results.jsonl`): one canonical JSON line per call.
public enum ResultsFile {
    /// Reads every record; a line that does not parse is an error naming the file and line.
    public static func read(_ url: URL, displayPath: String? = nil) throws -> [ResultRecord] {
        try parse(JSONLLineReader(url: url).map { ($0.number, $0.bytes) }, path: displayPath ?? url.path)
    }

    /// Reads records from the bytes of a results file (a blob from git, say).
    public static func parse(_ data: Data, path: String) throws -> [ResultRecord] {
        var lines: [(Int, ArraySlice<UInt8>)] = []
        for (index, line) in Array(data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated()
        {
            lines.append((index + 1, line))
        }
        return try parse(lines, path: path)
    }

    private static func parse(_ lines: [(Int, ArraySlice<UInt8>)], path: String) throws -> [ResultRecord] {
        try lines.filter { !$0.1.isEmpty && !Shard.isHeader($0.1) }.map { number, bytes in
            try record(from: bytes, path: path, line: number)
        }
    }

    /// One results line; an error names the file and line.
    public static func record<Bytes: Collection>(from bytes: Bytes, path: String, line: Int) throws -> ResultRecord
    where Bytes.Element == UInt8 {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            throw DatasetError.invalidLine(SourceLocation(path: path, line: line, column: error.column), error.message)
        }
        guard let record = ResultRecord(json: value) else {
            throw DatasetError.invalidLine(SourceLocation(path: path, line: line), "not a results line")
        }
        return record
    }
}

extension StagedFileWriter {
    /// A results line, as the runner writes it in plan order.
    func write(_ record: ResultRecord) throws {
        try write(record.canonicalLine)
    }
}

extension ResultsFile {
    /// Replaces a results file with `records`, atomically.
    public static func write(_ records: [ResultRecord], to url: URL) throws {
        var text = ""
        for record in records { text += record.canonicalLine + "\n" }
        try AtomicFile.write(Data(text.utf8), to: url.path)
    }
}
