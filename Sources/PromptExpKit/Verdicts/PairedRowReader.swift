public import Foundation

/// Reads a results file a row at a time as base/candidate pairs, each row with its inputs
/// from the dataset. A run writes its rows in the dataset's order, so the dataset is read
/// once, in step; memory holds one row whatever the size of either file.
public struct PairedRowReader {
    private var results: ResultRowReader
    private var dataset: DatasetFile.RowIterator?
    /// What production answered for the row `next` returned last, when the dataset logged it.
    public private(set) var loggedOutput: JSONValue?

    /// `dataset` nil (or a row it does not have) gives rows without inputs.
    public init(results: URL, displayPath: String, dataset: DatasetFile?) throws {
        self.results = ResultRowReader(url: results, displayPath: displayPath)
        self.dataset = try dataset?.rows(checkingDuplicates: false)
    }

    /// The next row's pairs and inputs, or nil at the end.
    public mutating func next() throws -> (pairs: [ExperimentPairs.Pair], inputs: [String: JSONValue]?)? {
        guard let records = try results.next() else { return nil }
        var inputs: [String: JSONValue]?
        loggedOutput = nil
        while let row = try dataset?.next() {
            if row.id == records.first?.rowID {
                inputs = row.inputs
                loggedOutput = row.output
                break
            }
        }
        // A row the dataset does not have (it changed since): stop looking for the rest.
        if inputs == nil { dataset = nil }
        return (ExperimentPairs(records: records).pairs, inputs)
    }
}
