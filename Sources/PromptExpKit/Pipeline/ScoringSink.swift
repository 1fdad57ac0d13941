public import Foundation

/// Scores a run's records as the runner hands them over, a batch of whole rows at a time
/// (evaluators run in parallel within a batch), writes them to the results file once, and
/// gathers the digest (totals, changed outputs, scores and the verdict) on the way. The
/// runner hands each record's dataset row along, so the dataset is not read again, and
/// memory stays flat in the number of rows. Without evaluators it only writes and digests.
public actor ScoringSink: RecordSink {
    private let writer: StagedFileWriter
    private let scorer: Scorer?
    /// The dataset rows of the records in the batch.
    private var rows: [String: DatasetRow] = [:]
    private var batch = ResultsBatch()
    private var digest: ResultsDigest.Builder
    /// The digest of what was written, once `finish` has run.
    public private(set) var result: ResultsDigest?

    /// `header`: a first line before the records (a shard's part names its plan there).
    public init(
        target: URL, plan: RunPlan, evaluators: [any Evaluator], policy: VerdictPolicy, header: String? = nil
    ) throws {
        let schemas = plan.variants.compactMap { variant in
            variant.file.frontMatter.responseSchema.map { (variant.label, $0) }
        }
        scorer =
            evaluators.isEmpty
            ? nil
            : Scorer(
                evaluators: evaluators, responseSchemas: Dictionary(schemas, uniquingKeysWith: { first, _ in first }))
        digest = ResultsDigest.Builder(weights: scorer?.weights, policy: policy, expectedRows: plan.rowCount)
        writer = try StagedFileWriter(target: target)
        if let header { try writer.write(header) }
    }

    public func write(_ record: ResultRecord, row: DatasetRow?) async throws {
        if batch.isFull(before: record) { try await flush(scoring: true) }
        batch.records.append(record)
        if let row { rows[row.id] = row }
    }

    /// A run that stopped early is written as it is, unscored: nothing more is spent on it
    /// (judges cost money), and the next run scores every row again anyway.
    public func finish(complete: Bool) async throws {
        try await flush(scoring: complete)
        try writer.commit()
        result = digest.finish()
    }

    public func abandon() {
        writer.abandon()
    }

    private func flush(scoring: Bool) async throws {
        let records = batch.take()
        guard !records.isEmpty else { return }
        var scored = records
        if scoring, let scorer {
            // The batch's rows are complete (a full batch flushes before a new row starts).
            let found = rows
            rows.removeAll(keepingCapacity: true)
            scored = await scorer.score(records, rows: found)
        }
        rows.removeAll(keepingCapacity: true)
        for record in scored {
            try writer.write(record)
            digest.add(record)
        }
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

    /// The batch's records; the batch is emptied.
    mutating func take() -> [ResultRecord] {
        defer {
            records.removeAll(keepingCapacity: true)
            rowCount = 1
        }
        return records
    }
}
