public import Foundation

/// The headline of a committed experiment run, and its `summary.json` both ways: written
/// from the run's outcome, read back here.
public struct CommittedRunSummary: Hashable, Sendable {
    public let experiment: String
    public let candidateBlob: ObjectID?
    /// The files the candidate named, by path, as the run read them.
    public let candidateFiles: [String: ObjectID]
    public let pairs: Int
    public let changedOutputs: Int
    public let cost: Double
    public let errors: Int
    /// `improved`, `unchanged`, `regressed` or `inconclusive`; nil for a run without evaluators.
    public let verdict: String?
    /// What the judges' model calls cost; nil when there were none.
    public let judges: JudgeLedger?
    /// A sequential run's rows sent and not needed; nil for a run over every row.
    public let sequential: SequentialRecord?

    /// Parses `summary.json`; nil when it is not one.
    public init?(data: Data) {
        guard let value = try? JSONValue.parse(data), let name = value["experiment"]?.stringValue,
            case .int(let pairs)? = value["pairs"], case .int(let changed)? = value["changed_outputs"]
        else { return nil }
        experiment = name
        candidateBlob = value["candidate"]?["blob"]?.stringValue.flatMap(ObjectID.init(hex:))
        candidateFiles = (value["candidate"]?["files"]?.objectValue ?? [:]).compactMapValues {
            $0.stringValue.flatMap(ObjectID.init(hex:))
        }
        self.pairs = pairs
        verdict = value["verdict"]?.stringValue
        judges = value["judges"].flatMap(JudgeLedger.init(json:))
        sequential = value["sequential"].flatMap(SequentialRecord.init(json:))
        changedOutputs = changed
        let groups = value["groups"]?.arrayValue ?? []
        cost = groups.compactMap { $0["cost"]?.doubleValue }.reduce(0, +)
        errors = groups.reduce(0) { total, group in
            if case .int(let count)? = group["errors"] { return total + count }
            return total
        }
    }

    /// One line for logs and lists.
    public var line: String {
        let scored = verdict.map { "\(Verdict(key: $0)?.rawValue ?? $0), " } ?? ""
        return "run \(experiment): \(scored)"
            + "\(changedOutputs) of \(pairs) outputs changed, \(errors) errors, \(NumberText.money(cost))"
    }

    /// `summary.json` of a run: what `init?(data:)` reads back, and the totals and
    /// comparison reports and tools read.
    public static func json(of outcome: ExperimentOutcome) -> JSONValue {
        let spec = outcome.spec
        let summary = outcome.summary
        let digest = outcome.digest
        var object: [String: JSONValue] = [
            "experiment": .string(spec.name),
            "prompt": .string(spec.prompt),
            "base": [
                "ref": .string(spec.base.ref), "commit": .string(spec.base.commit.hex),
                "blob": .string(spec.base.blob.hex),
            ],
            "candidate": candidateJSON(outcome),
            "dataset": ["path": .string(spec.dataset.path), "blob": .string(spec.dataset.blob.hex)],
            "pairs": .int(outcome.pairs),
            "base_from_log": .bool(spec.baseFromLog),
            "changed_outputs": .int(digest.changed),
            "groups": .array(
                summary.groups.map { group in
                    [
                        "variant": .string(group.variant), "model": .string(group.model), "calls": .int(group.calls),
                        "errors": .int(group.errors), "reused": .int(group.reused),
                        "input_tokens": .int(group.inputTokens),
                        "output_tokens": .int(group.outputTokens), "cost": .double(ResultRecord.rounded(group.cost)),
                        "latency_p50_ms": group.latencyP50.map(JSONValue.int) ?? .null,
                        "latency_p95_ms": group.latencyP95.map(JSONValue.int) ?? .null,
                    ]
                }),
        ]
        if let comparison = outcome.comparison {
            object["verdict"] = .string(comparison.verdict.key)
            object["comparison"] = comparison.json
        }
        if let judges = outcome.judges { object["judges"] = judges.json }
        if let sequential = outcome.sequential { object["sequential"] = sequential.json }
        return .object(object)
    }

    /// The candidate's blob, and the files it names when it names any (a run without them
    /// writes what it always wrote).
    private static func candidateJSON(_ outcome: ExperimentOutcome) -> JSONValue {
        var candidate: [String: JSONValue] = ["blob": .string(outcome.candidateBlob.hex)]
        if !outcome.candidateFiles.isEmpty {
            candidate["files"] = .object(outcome.candidateFiles.mapValues { .string($0.hex) })
        }
        return .object(candidate)
    }
}
