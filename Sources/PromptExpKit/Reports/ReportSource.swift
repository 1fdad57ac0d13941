public import Foundation

/// Where a report's subject comes from: a results file of base against candidate, the
/// dataset its rows came from, and what the reader must be told. Reading it streams the
/// results a row at a time, so a report of any size is made in the same memory.
public struct ReportSource: Sendable {
    public var prompt: String
    public var baseLabel: String
    public var candidateLabel: String
    /// The rows' dataset, as the run read it: the inputs shown come from it.
    public var dataset: DatasetFile
    public var results: URL
    /// How errors name the results file (`exp/calmer:.promptexp/…/results.jsonl`).
    public var resultsDisplayPath: String
    /// The evaluators' weights; nil when the rows were not scored.
    public var weights: [String: Double]?
    public var policy: VerdictPolicy
    public var notes: [String] = []
    public var promptDiff: TextDiff?
    /// The files the prompt names (tools, a schema) that changed, by path.
    public var fileDiffs: [String: TextDiff] = [:]
    /// Keeps every record too, for the formats that list each one (JUnit).
    public var keepingRecords = false
    /// The inputs of type `image`, which views show as pictures.
    public var imageInputs: [String] = []
    /// Rows the HTML report lists per model.
    public var rowLimit = 2000

    public init(
        prompt: String, baseLabel: String, candidateLabel: String, dataset: DatasetFile, results: URL,
        resultsDisplayPath: String, weights: [String: Double]?, policy: VerdictPolicy
    ) {
        self.prompt = prompt
        self.baseLabel = baseLabel
        self.candidateLabel = candidateLabel
        self.dataset = dataset
        self.results = results
        self.resultsDisplayPath = resultsDisplayPath
        self.weights = weights
        self.policy = policy
    }

    /// Reads the results (and the inputs of the rows shown) into a report subject.
    public func subject() throws -> ComparisonSubject {
        var digest = ResultsDigest.Builder(weights: weights, policy: policy)
        var rowPairs = RowPairDigest.Builder(weights: policy.countedWeights(weights ?? [:]), limit: rowLimit)
        var records: [ResultRecord] = []
        var rows = ResultRowReader(url: results, displayPath: resultsDisplayPath)
        while let row = try rows.next() {
            for record in row { digest.add(record) }
            rowPairs.addRow(row)
            if keepingRecords { records += row }
        }
        let finished = digest.finish()
        let comparison = finished.comparison ?? ScoreComparison(records: [], weights: [:])
        var notes = notes
        if finished.summary.totalBatched > 0 {
            notes.append(
                "\(finished.summary.totalBatched) of \(counted(finished.summary.totalCalls, "call")) went through the providers' batch APIs: priced at the batch price, with no latency of their own."
            )
        }
        var subject =
            keepingRecords
            ? ComparisonSubject(
                prompt: prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: dataset.displayPath,
                records: records, comparison: comparison, notes: notes)
            : ComparisonSubject(
                prompt: prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: dataset.displayPath,
                digest: finished, comparison: comparison, notes: notes)
        subject.rowPairs = rowPairs.finish()
        subject.promptDiff = promptDiff
        subject.fileDiffs = fileDiffs
        (subject.rowInputs, subject.rowLoggedOutputs) = try inputs(of: subject.shownRowIDs)
        subject.imageInputs = imageInputs
        subject.origin = self
        return subject
    }

    /// The inputs and logged answers of rows `ids`, read in one pass over the dataset.
    private func inputs(of ids: Set<String>) throws -> ([String: [String: JSONValue]], [String: JSONValue]) {
        guard !ids.isEmpty else { return ([:], [:]) }
        var found: [String: [String: JSONValue]] = [:]
        var logged: [String: JSONValue] = [:]
        var rows = try dataset.rows(checkingDuplicates: false)
        while found.count < ids.count, let row = try rows.next() {
            guard ids.contains(row.id) else { continue }
            found[row.id] = row.inputs
            if let output = row.output { logged[row.id] = output }
        }
        return (found, logged)
    }
}
