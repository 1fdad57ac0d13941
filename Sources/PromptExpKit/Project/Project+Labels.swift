import Foundation

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
        var found: ResultRecord?
        while found == nil, let row = try rows.next() {
            found = row.first {
                $0.rowID == label.rowID && $0.model == label.model && $0.repeatIndex == label.repeatIndex
                    && $0.variant == label.variant
            }
        }
        guard let found else {
            throw DatasetError.unknownRow(id: label.rowID, path: snapshot.resultsLabel)
        }
        var label = label
        label.requestHash = found.requestHash
        var labels = try self.labels(of: name).filter { $0.key != label.key }
        labels.append(label)
        let verdict = label.good ? "good" : "bad"
        // The report counts labels, so it is written again with them, in the same commit.
        let report = MarkdownReport(try experimentReport(name, labels: labels)).render()
        return try repository.commit(
            [
                .write(ProjectLayout.experimentLabels(name), HumanLabel.text(labels)),
                .write(ProjectLayout.experimentReport(name), report),
            ],
            on: Self.experimentBranchPrefix + name,
            message: "exp \(name): label \(label.variant) of row \(label.rowID) (\(label.model)) \(verdict)"
                + (label.comment.isEmpty ? "" : "\n\n\(label.comment)\n"))
    }

    /// What a report says of people's labels of the results at `results`: how many outputs
    /// were labelled good and bad, and how each evaluator agrees with them; nil without
    /// labels of these outputs (a label of an output a later run changed no longer counts).
    func labelNote(_ labels: [HumanLabel], results: URL, displayPath: String) throws -> String? {
        guard !labels.isEmpty else { return nil }
        var rows = ResultRowReader(url: results, displayPath: displayPath)
        var records: [ResultRecord] = []
        var current: [HumanLabel] = []
        while let row = try rows.next() {
            for record in row {
                guard let label = labels.first(where: { $0.labels(record) }) else { continue }
                records.append(record)
                current.append(label)
            }
        }
        guard !current.isEmpty else { return nil }
        let good = current.filter(\.good).count
        var note = "People labelled \(counted(current.count, "output")): \(good) good, \(current.count - good) bad."
        for agreement in LabelAgreement.compute(labels: current, records: records) {
            note += " \(agreement.evaluator) agrees with them on \(agreement.agreed) of \(agreement.outputs)"
            note += agreement.kappa.map { " (κ \(String(format: "%.2f", $0)))." } ?? "."
        }
        return note
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
