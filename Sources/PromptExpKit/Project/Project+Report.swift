import Foundation

extension Project {
    /// The report of experiment `name`'s last committed run, from the results committed
    /// at the tip of its branch (with the scores they carry).
    public func experimentReport(_ name: String) throws -> ComparisonReport {
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        guard let tip = try repository.branchTip(branch), let records = try results(of: name, at: tip, label: branch) else {
            throw ExperimentError.notRun(name)
        }
        let weights = Dictionary(
            (try? evaluatorRegistry.evaluators(named: spec.evaluators, usedBy: ExperimentSpec.path(for: name)))?
                .map { ($0.name, $0.weight) } ?? spec.evaluators.map { ($0, 1.0) },
            uniquingKeysWith: { first, _ in first })
        let comparison = ScoreComparison(records: records, weights: weights, policy: config.verdict)
        let candidate = records.first { $0.variant == "candidate" }?.promptBlob
        var notes: [String] = []
        if spec.evaluators.isEmpty { notes.append("the experiment has no evaluators: add tests.evaluators to the prompt, then run it again") }
        let subject = ComparisonSubject(
            prompt: spec.prompt, baseLabel: "\(spec.base.ref) (\(spec.base.commit.short))",
            candidateLabel: "candidate (blob \(candidate?.short ?? "?"), \(tip.short))", dataset: spec.dataset.path,
            records: records, comparison: comparison, notes: notes)
        return ComparisonReport(title: "Experiment \(name)", subjects: [subject])
    }
}
