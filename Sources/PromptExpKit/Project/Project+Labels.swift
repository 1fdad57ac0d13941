public import Foundation

extension Project {
    /// The labels committed on experiment `name`'s branch.
    public func labels(of name: String) throws -> [HumanLabel] {
        let branch = Self.experimentBranchPrefix + name
        let path = ProjectLayout.experimentLabels(name)
        guard let tip = try repository.branchTip(branch) else { throw ExperimentError.unknown(name, suggestions: []) }
        guard let data = try repository.fileData(at: path, in: tip) else { return [] }
        return try HumanLabel.read(data, path: "\(branch):\(path)")
    }

    /// Records `label` (replacing an earlier label of the same output) and commits the
    /// labels file on `exp/NAME`, whatever is checked out: nothing else is touched. The
    /// output must be one of the last committed run's.
    @discardableResult
    public func addLabel(_ label: HumanLabel, experiment name: String) throws -> ObjectID {
        _ = try experiment(named: name)
        let snapshot = try experimentSnapshot(name)
        guard snapshot.commit != nil || snapshot.hasResults, var rows = snapshot.resultRows() else {
            throw ExperimentError.notRun(name)
        }
        var found = false
        while !found, let row = try rows.next() {
            found = row.contains {
                $0.rowID == label.rowID && $0.model == label.model && $0.repeatIndex == label.repeatIndex
                    && $0.variant == label.variant
            }
        }
        guard found else {
            throw DatasetError.unknownRow(id: label.rowID, path: snapshot.resultsLabel)
        }
        var labels = try self.labels(of: name).filter { $0.key != label.key }
        labels.append(label)
        let verdict = label.good ? "good" : "bad"
        return try repository.commit(
            [.write(ProjectLayout.experimentLabels(name), HumanLabel.text(labels))],
            on: Self.experimentBranchPrefix + name,
            message: "exp \(name): label \(label.variant) of row \(label.rowID) (\(label.model)) \(verdict)"
                + (label.comment.isEmpty ? "" : "\n\n\(label.comment)\n"))
    }

    /// How each evaluator agrees with the labels, over the last committed run's results.
    public func labelAgreement(of name: String) throws -> (labels: [HumanLabel], agreement: [LabelAgreement]) {
        let labels = try self.labels(of: name)
        guard !labels.isEmpty, var rows = try experimentSnapshot(name).resultRows() else { return (labels, []) }
        var records: [ResultRecord] = []
        let keys = Set(labels.map(\.key))
        while let row = try rows.next() {
            records += row.filter {
                keys.contains(
                    HumanLabel(
                        rowID: $0.rowID, model: $0.model, repeatIndex: $0.repeatIndex, variant: $0.variant, good: true
                    )
                    .key)
            }
        }
        return (labels, LabelAgreement.compute(labels: labels, records: records))
    }
}
