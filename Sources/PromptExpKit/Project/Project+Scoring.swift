public import Foundation

extension Project {
    /// Builds evaluators from this project's config; `schema_file` and `command` are
    /// relative to the repository root.
    public var evaluatorRegistry: EvaluatorRegistry { EvaluatorRegistry(config: config, root: root) }

    /// Scores the results file a run of `plan` wrote at `url`, in place, and returns its
    /// digest (totals, changed outputs, scores and the verdict).
    ///
    /// It streams: records are read a batch of rows at a time, in the plan's order, each
    /// row's dataset line is read alongside, the batch is scored and written to a staged
    /// file that replaces the results at the end. Memory stays flat in the number of rows.
    /// Without evaluators the file is only read, for the digest.
    public func scoreResults(
        at url: URL, plan: RunPlan, evaluators: [any Evaluator], policy: VerdictPolicy
    ) async throws -> ResultsDigest {
        let displayPath = repository.relativePath(of: url) ?? url.path
        let scorer = evaluators.isEmpty ? nil : Scorer(evaluators: evaluators)
        var digest = ResultsDigest.Builder(weights: scorer?.weights, policy: policy, expectedRows: plan.rowCount)
        let writer = try scorer.map { _ in try StagedFileWriter(target: url) }
        do {
            var rows = try plan.rows()
            var batch = ResultsBatch()
            for (number, bytes) in JSONLLineReader(url: url) where !bytes.isEmpty {
                let record = try ResultsFile.record(from: bytes, path: displayPath, line: number)
                if batch.isFull(before: record) {
                    try await batch.flush(scorer: scorer, rows: &rows, writer: writer, digest: &digest)
                }
                batch.records.append(record)
            }
            try await batch.flush(scorer: scorer, rows: &rows, writer: writer, digest: &digest)
            try writer?.commit()
        } catch {
            writer?.abandon()
            throw error
        }
        return digest.finish()
    }
}

/// The records of a few whole rows, scored together so evaluators run in parallel.
private struct ResultsBatch {
    static let rows = 128
    var records: [ResultRecord] = []
    private var rowCount = 0
    private var lastRow: String?

    /// True when `record` starts a row and the batch already holds enough rows.
    mutating func isFull(before record: ResultRecord) -> Bool {
        guard record.rowID != lastRow else { return false }
        lastRow = record.rowID
        rowCount += 1
        return rowCount > Self.rows
    }

    /// Scores the batch (finding each row in the dataset as the plan reads it), writes
    /// and digests it, and empties it.
    mutating func flush(
        scorer: Scorer?, rows: inout RunPlan.RowIterator, writer: StagedFileWriter?, digest: inout ResultsDigest.Builder
    ) async throws {
        guard !records.isEmpty else { return }
        var scored = records
        if let scorer {
            var found: [String: DatasetRow] = [:]
            for record in records where found[record.rowID] == nil {
                // Results follow the plan's row order, so the dataset is read once, in step.
                while let row = try rows.next() {
                    if row.id == record.rowID {
                        found[row.id] = row
                        break
                    }
                }
            }
            scored = await scorer.score(records, rows: found)
        }
        for record in scored {
            try writer?.write(record)
            digest.add(record)
        }
        records.removeAll(keepingCapacity: true)
        rowCount = 1
    }
}
