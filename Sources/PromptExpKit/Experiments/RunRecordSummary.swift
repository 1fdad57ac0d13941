public import Foundation

/// The headline of a committed experiment run, read from its `summary.json`.
public struct RunRecordSummary: Hashable, Sendable {
    public let experiment: String
    public let candidateBlob: ObjectID?
    public let pairs: Int
    public let changedOutputs: Int
    public let cost: Double
    public let errors: Int
    /// `improved`, `unchanged`, `regressed` or `inconclusive`; nil for a run without evaluators.
    public let verdict: String?

    /// Parses `summary.json`; nil when it is not one.
    public init?(data: Data) {
        guard let value = try? JSONValue.parse(data), let name = value["experiment"]?.stringValue,
              case .int(let pairs)? = value["pairs"], case .int(let changed)? = value["changed_outputs"]
        else { return nil }
        experiment = name
        candidateBlob = value["candidate"]?["blob"]?.stringValue.flatMap(ObjectID.init(hex:))
        self.pairs = pairs
        verdict = value["verdict"]?.stringValue
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
        return "run \(experiment): \(scored)" + "\(changedOutputs) of \(pairs) outputs changed, \(errors) errors, \(NumberText.money(cost))"
    }
}
