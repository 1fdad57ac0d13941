import Foundation

/// Scores every record of a run with a set of evaluators, writing each evaluator's
/// judgement under `scores` in the record. Evaluations run in parallel (a command or a
/// judge may be slow); the records keep their order.
public struct Scorer: Sendable {
    public let evaluators: [any Evaluator]
    /// Evaluations in flight at once, across all records.
    public let concurrency: Int

    public init(evaluators: [any Evaluator], concurrency: Int = 16) {
        self.evaluators = evaluators
        self.concurrency = max(1, concurrency)
    }

    public var weights: [String: Double] {
        Dictionary(evaluators.map { ($0.name, $0.weight) }, uniquingKeysWith: { first, _ in first })
    }

    /// Scores `records`, finding each one's row by id in `rows`. A record whose call
    /// failed fails every evaluator (there is no output to judge); a record whose row is
    /// missing gets an evaluation error.
    public func score(_ records: [ResultRecord], rows: [String: DatasetRow]) async -> [ResultRecord] {
        guard !evaluators.isEmpty else { return records }
        var scored = records
        await withTaskGroup(of: (Int, [String: JSONValue]).self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                let record = records[index]
                let row = rows[record.rowID]
                let evaluators = self.evaluators
                group.addTask {
                    var scores: [String: JSONValue] = [:]
                    for evaluator in evaluators {
                        let evaluation: Evaluation
                        if let error = record.error {
                            evaluation = Evaluation(score: 0, passed: false, reason: "no output: the call failed (\(error.prefix(80)))")
                        } else if let row {
                            evaluation = await evaluator.evaluate(EvaluationInput(row: row, record: record))
                        } else {
                            evaluation = .failure("row \(record.rowID) is not in the dataset")
                        }
                        scores[evaluator.name] = evaluation.json
                    }
                    return (index, scores)
                }
            }
            while next < min(concurrency, records.count) { add() }
            while let (index, scores) = await group.next() {
                scored[index].scores = scores
                if next < records.count { add() }
            }
        }
        return scored
    }
}

extension ResultRecord {
    /// The evaluations stored in this record, by evaluator name.
    public var evaluations: [String: Evaluation] {
        scores.compactMapValues(Evaluation.init(json:))
    }

    /// The weighted mean score and overall pass (every evaluator passed) over the
    /// evaluations that could be made; nil when none could.
    public func overall(weights: [String: Double]) -> (score: Double, passed: Bool)? {
        var total = 0.0, weightSum = 0.0, passed = true, any = false
        for (name, evaluation) in evaluations where evaluation.error == nil {
            let weight = weights[name] ?? 1
            total += evaluation.score * weight
            weightSum += weight
            passed = passed && evaluation.passed
            any = true
        }
        guard any else { return nil }
        return (weightSum > 0 ? total / weightSum : 0, passed)
    }
}
