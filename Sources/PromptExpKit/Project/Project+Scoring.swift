import Foundation

extension Project {
    /// Builds evaluators from this project's config; `schema_file` and `command` are
    /// relative to the repository root.
    public var evaluatorRegistry: EvaluatorRegistry { EvaluatorRegistry(config: config, root: root) }

    /// Scores the results file at `url` in place with `evaluators`, looking up each
    /// record's row in `dataset`, and returns the scored records.
    public func scoreResults(at url: URL, dataset: DatasetFile, evaluators: [any Evaluator]) async throws -> [ResultRecord] {
        let records = try ResultsFile.read(url, displayPath: repository.relativePath(of: url))
        guard !evaluators.isEmpty else { return records }
        let scored = await Scorer(evaluators: evaluators).score(records, rows: try rows(of: dataset, for: records))
        try ResultsFile.write(scored, to: url)
        return scored
    }

    /// The dataset rows these records answered, by id (only those: a dataset may be large).
    public func rows(of dataset: DatasetFile, for records: [ResultRecord]) throws -> [String: DatasetRow] {
        let wanted = Set(records.map(\.rowID))
        var rows: [String: DatasetRow] = [:]
        var iterator = try dataset.rows(checkingDuplicates: false)
        while let row = try iterator.next() {
            if wanted.contains(row.id) { rows[row.id] = row }
        }
        return rows
    }
}
