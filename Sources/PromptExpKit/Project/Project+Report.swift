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
        let weights = evaluatorWeights(spec.evaluators)
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

    /// The weights of evaluators named in a spec, for reading scores already recorded:
    /// read from the config without building the evaluators (a judge needs no client for
    /// this); 1 where the config gives none.
    public func evaluatorWeights(_ names: [String]) -> [String: Double] {
        Dictionary(names.map { name in
            (name, config.evaluators[name]?.settings["weight"]?.doubleValue ?? 1)
        }, uniquingKeysWith: { first, _ in first })
    }
}
