import Foundation

extension Project {
    /// The report of experiment `name`'s last committed run, from the results committed
    /// at the tip of its branch (with the scores they carry).
    ///
    /// The results stream, a row at a time, into a digest and the rows the HTML report
    /// draws, so memory stays flat; `keepingRecords` holds every record as well, for the
    /// formats that list each one (JUnit).
    public func experimentReport(_ name: String, keepingRecords: Bool = false, rowLimit: Int = 2000) throws -> ComparisonReport {
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        let path = "\(Self.experimentFolder(name))/results.jsonl"
        guard let tip = try repository.branchTip(branch), let blob = try repository.blobID(at: path, in: tip) else {
            throw ExperimentError.notRun(name)
        }
        let weights = evaluatorWeights(spec.evaluators)
        var digest = ResultsDigest.Builder(weights: weights, policy: config.verdict)
        var rowPairs = RowPairDigest.Builder(weights: weights, limit: rowLimit)
        var records: [ResultRecord] = []
        var candidate: ObjectID?
        var rows = ResultRowReader(url: try file(path, blob: blob), displayPath: "\(branch):\(path)")
        while let row = try rows.next() {
            for record in row { digest.add(record) }
            rowPairs.addRow(row)
            if candidate == nil { candidate = row.first { $0.variant == "candidate" }?.promptBlob }
            if keepingRecords { records += row }
        }
        let finished = digest.finish()
        var notes: [String] = []
        if spec.evaluators.isEmpty { notes.append("the experiment has no evaluators: add tests.evaluators to the prompt, then run it again") }
        let comparison = finished.comparison ?? ScoreComparison(records: [], weights: weights)
        let baseLabel = "\(spec.base.ref) (\(spec.base.commit.short))"
        let candidateLabel = "candidate (blob \(candidate?.short ?? "?"), \(tip.short))"
        var subject = keepingRecords
            ? ComparisonSubject(
                prompt: spec.prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: spec.dataset.path,
                records: records, comparison: comparison, notes: notes)
            : ComparisonSubject(
                prompt: spec.prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: spec.dataset.path,
                digest: finished, comparison: comparison, notes: notes)
        subject.rowPairs = rowPairs.finish()
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
