import Foundation

/// Scores every record of a run with a set of evaluators, writing each evaluator's
/// judgement under `scores` in the record. Evaluations run in parallel (a command or a
/// judge may be slow); the records keep their order.
public struct Scorer: Sendable {
    public let evaluators: [any Evaluator]
    /// Evaluations in flight at once, across all records.
    public let concurrency: Int
    /// By variant (`base`, `candidate`, `run`): the schema each prompt version asked its
    /// answers to fit (`response_format`), for the json-schema evaluator that names no
    /// schema of its own. By variant, not by the prompt's blob: a schema kept in a file can
    /// differ between two versions of the same prompt file.
    public let responseSchemas: [String: JSONValue]

    public init(evaluators: [any Evaluator], concurrency: Int = 16, responseSchemas: [String: JSONValue] = [:]) {
        self.evaluators = evaluators
        self.concurrency = max(1, concurrency)
        self.responseSchemas = responseSchemas
    }

    public var weights: [String: Double] {
        Dictionary(evaluators.map { ($0.name, $0.weight) }, uniquingKeysWith: { first, _ in first })
    }

    /// Scores `records`, finding each one's row by id in `rows`. A record whose call
    /// failed fails every evaluator (there is no output to judge); a record whose row is
    /// missing gets an evaluation error. Pairwise evaluators judge each base record with
    /// its candidate (same row, model slot and repeat); a record without a partner is
    /// left unscored by them.
    public func score(_ records: [ResultRecord], rows: [String: DatasetRow]) async -> [ResultRecord] {
        guard !evaluators.isEmpty else { return records }
        let single = evaluators.filter { !$0.comparesPairs }
        let pairwise = evaluators.filter(\.comparesPairs)
        var jobs: [Job] = records.indices.map { Job.single($0) }
        if !pairwise.isEmpty {
            jobs += RecordPairing.pairs(records).map { Job.pair(base: $0.base, candidate: $0.candidate) }
        }
        var scored = records
        await withTaskGroup(of: [(Int, String, Evaluation)].self) { group in
            var next = 0
            func add() {
                let job = jobs[next]
                next += 1
                group.addTask {
                    switch job {
                    case .single(let index):
                        let record = records[index]
                        var out: [(Int, String, Evaluation)] = []
                        for evaluator in single {
                            out.append(
                                (
                                    index, evaluator.name,
                                    await Self.evaluate(
                                        evaluator, record, rows[record.rowID],
                                        schema: responseSchemas[record.variant])
                                ))
                        }
                        return out
                    case .pair(let baseIndex, let candidateIndex):
                        let base = records[baseIndex]
                        let candidate = records[candidateIndex]
                        var out: [(Int, String, Evaluation)] = []
                        for evaluator in pairwise {
                            guard let row = rows[base.rowID] else {
                                let missing = Evaluation.failure("row \(base.rowID) is not in the dataset")
                                out += [
                                    (baseIndex, evaluator.name, missing), (candidateIndex, evaluator.name, missing),
                                ]
                                continue
                            }
                            let (before, after) = await evaluator.evaluatePair(
                                row: row, base: base, candidate: candidate)
                            out += [(baseIndex, evaluator.name, before), (candidateIndex, evaluator.name, after)]
                        }
                        return out
                    }
                }
            }
            while next < min(concurrency, jobs.count) { add() }
            while let results = await group.next() {
                for (index, name, evaluation) in results { scored[index].scores[name] = evaluation.json }
                if next < jobs.count { add() }
            }
        }
        return scored
    }

    enum Job: Sendable {
        case single(Int)
        case pair(base: Int, candidate: Int)
    }

    private static func evaluate(
        _ evaluator: any Evaluator, _ record: ResultRecord, _ row: DatasetRow?, schema: JSONValue?
    ) async -> Evaluation {
        if let error = record.error {
            return Evaluation(score: 0, passed: false, reason: "no output: the call failed (\(error.prefix(80)))")
        }
        guard let row else { return .failure("row \(record.rowID) is not in the dataset") }
        return await evaluator.evaluate(EvaluationInput(row: row, record: record, responseSchema: schema))
    }
}
