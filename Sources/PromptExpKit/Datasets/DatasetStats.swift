/// What a dataset holds: row counts and how often each input key is present.
public struct DatasetStats: Hashable, Sendable, Codable {
    public var rows = 0
    /// Input key → number of rows that have it (non-null).
    public var inputKeys: [String: Int] = [:]
    public var rowsWithExpected = 0
    public var rowsWithOutput = 0
    public var rowsWithMetadata = 0
    /// Rows whose id was given in the file rather than derived from the inputs.
    public var rowsWithExplicitID = 0

    public init() {}

    /// Reads the whole file once, in constant memory apart from the id set.
    public init(file: DatasetFile) throws(DatasetError) {
        var iterator = try file.rows()
        while let row = try iterator.next() { add(row) }
    }

    public mutating func add(_ row: DatasetRow) {
        rows += 1
        for (key, value) in row.inputs where !value.isNull { inputKeys[key, default: 0] += 1 }
        if row.expected != nil { rowsWithExpected += 1 }
        if row.output != nil { rowsWithOutput += 1 }
        if !row.metadata.isEmpty { rowsWithMetadata += 1 }
        if row.id != DatasetRow.derivedID(for: row.inputs) { rowsWithExplicitID += 1 }
    }
}
