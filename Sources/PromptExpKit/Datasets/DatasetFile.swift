public import Foundation

/// A JSONL dataset on disk, read as a stream of validated rows.
public struct DatasetFile: Sendable {
    public let url: URL
    /// The path shown in messages, usually repository-relative.
    public let displayPath: String

    public init(url: URL, displayPath: String? = nil) {
        self.url = url
        self.displayPath = displayPath ?? url.path
    }

    /// Iterates the rows in file order; memory holds one line plus a hash of each id seen.
    /// `checkingDuplicates: false` skips the id check, for a second pass over a file
    /// that a first pass already checked.
    public func rows(checkingDuplicates: Bool = true) throws(DatasetError) -> RowIterator {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw .unreadable(path: displayPath, reason: "no such file, or it is not readable")
        }
        return RowIterator(
            file: self, lines: JSONLLineReader(url: url).makeIterator(), path: displayPath,
            checksDuplicates: checkingDuplicates)
    }

    /// Every row, for callers that need them all at once.
    public func allRows() throws(DatasetError) -> [DatasetRow] {
        var iterator = try rows()
        var rows: [DatasetRow] = []
        while let row = try iterator.next() { rows.append(row) }
        return rows
    }

    /// The line where `id` first appears before line `limit`, or nil (a hash collision).
    func firstLine(of id: String, before limit: Int) throws(DatasetError) -> Int? {
        for (number, bytes) in JSONLLineReader(url: url) {
            guard number < limit else { return nil }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if try RowIterator.parse(bytes, line: number, path: displayPath).id == id { return number }
        }
        return nil
    }

    /// The row with `id`, read without keeping the others.
    public func row(id: String) throws(DatasetError) -> DatasetRow {
        var iterator = try rows()
        while let row = try iterator.next() {
            if row.id == id { return row }
        }
        throw .unknownRow(id: id, path: displayPath)
    }

    public struct RowIterator {
        let file: DatasetFile
        var lines: JSONLLineReader.Iterator
        let path: String
        let checksDuplicates: Bool
        /// Hashes of the ids seen so far: 8 bytes a row, so a file of millions of rows
        /// stays small in memory. A hash seen twice is checked against the real ids.
        var seenIDs: Set<Int> = []

        /// The next row; throws on the first invalid line or duplicate id.
        public mutating func next() throws(DatasetError) -> DatasetRow? {
            while let (number, bytes) = lines.next() {
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                let row = try Self.parse(bytes, line: number, path: path)
                if checksDuplicates, !seenIDs.insert(row.id.hashValue).inserted,
                    let first = try file.firstLine(of: row.id, before: number)
                {
                    throw .duplicateID(id: row.id, path: path, firstLine: first, line: number)
                }
                return row
            }
            if let error = lines.error {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            return nil
        }

        static func parse(_ bytes: ArraySlice<UInt8>, line: Int, path: String) throws(DatasetError) -> DatasetRow {
            let value: JSONValue
            do {
                value = try JSONValue.parse(Data(bytes))
            } catch {
                throw .invalidLine(
                    SourceLocation(path: path, line: line, column: error.column), error.describedForALine)
            }
            let location = SourceLocation(path: path, line: line)
            guard case .object(let object) = value else {
                throw .invalidLine(location, "each line must be a JSON object, found \(value.typeName)")
            }
            let inputs: [String: JSONValue]
            if let given = object["inputs"] {
                guard case .object(let values) = given else {
                    throw .invalidLine(location, "'inputs' must be an object, found \(given.typeName)")
                }
                inputs = values
            } else {
                inputs = object.filter { !DatasetRow.reservedKeys.contains($0.key) }
            }
            var id: String?
            switch object["id"] {
            case nil, .null?: id = nil
            case .string(let text)?: id = text
            case .int(let number)?: id = String(number)
            case let other?:
                throw .invalidLine(location, "'id' must be a string or an integer, found \(other.typeName)")
            }
            if id?.isEmpty == true { throw .invalidLine(location, "'id' must not be empty") }
            var metadata: [String: JSONValue] = [:]
            if let given = object["metadata"], !given.isNull {
                guard case .object(let values) = given else {
                    throw .invalidLine(location, "'metadata' must be an object, found \(given.typeName)")
                }
                metadata = values
            }
            return DatasetRow(
                id: id, inputs: inputs, expected: object["expected"].flatMap { $0.isNull ? nil : $0 },
                output: object["output"].flatMap { $0.isNull ? nil : $0 }, metadata: metadata, line: line)
        }
    }
}
