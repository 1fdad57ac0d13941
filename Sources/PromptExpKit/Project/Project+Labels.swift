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
        // The report counts labels, so it is written again with them, in the same commit;
        // and labels decide which judges count, so the summary's verdict (what `promote`
        // reads) follows them.
        let report = try experimentReport(name, labels: labels)
        var changes: [FileChange] = [
            .write(ProjectLayout.experimentLabels(name), HumanLabel.text(labels)),
            .write(ProjectLayout.experimentReport(name), MarkdownReport(report).render()),
        ]
        if let summary = try rejudgedSummary(name, comparison: report.subjects.first?.comparison) {
            changes.append(.write(ProjectLayout.experimentSummary(name), summary))
        }
        return try repository.commit(
            changes,
            on: Self.experimentBranchPrefix + name,
            message: "exp \(name): label \(label.variant) of row \(label.rowID) (\(label.model)) \(verdict)"
                + (label.comment.isEmpty ? "" : "\n\n\(label.comment)\n"))
    }

    /// The committed `summary.json` of `name` with `comparison` as its verdict, when that
    /// differs from the one it has; nil when it does not (or there is none).
    private func rejudgedSummary(_ name: String, comparison: ScoreComparison?) throws -> String? {
        let path = ProjectLayout.experimentSummary(name)
        guard let comparison, let tip = try repository.branchTip(Self.experimentBranchPrefix + name),
            let data = try repository.fileData(at: path, in: tip),
            case .object(var object) = try JSONValue.parse(data), object["verdict"] != nil
        else { return nil }
        let before = object
        object["verdict"] = .string(comparison.verdict.key)
        object["comparison"] = comparison.json
        return object == before ? nil : JSONValue.object(object).prettyJSON + "\n"
    }

    /// What a report says of people's labels of the outputs (`current`, those `labelled`
    /// found): how many were labelled good and bad, and how each evaluator agrees with them
    /// (`agreements`); nil without labels of these outputs.
    func labelNote(_ current: [HumanLabel], agreements: [LabelAgreement]) -> String? {
        guard !current.isEmpty else { return nil }
        let good = current.filter(\.good).count
        var note = "People labelled \(counted(current.count, "output")): \(good) good, \(current.count - good) bad."
        for agreement in agreements {
            note += " \(agreement.evaluator) agrees with them on \(agreement.agreed) of \(agreement.outputs)"
            note += agreement.kappa.map { " (κ \(String(format: "%.2f", $0)))." } ?? "."
        }
        return note
    }

    /// The records of `results` that `labels` label (as they are: a label of an output a
    /// later run changed labels nothing), each with its label.
    func labelled(_ labels: [HumanLabel], results: URL, displayPath: String) throws -> (
        records: [ResultRecord], labels: [HumanLabel]
    ) {
        guard !labels.isEmpty else { return ([], []) }
        let byKey = Dictionary(labels.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var rows = ResultRowReader(url: results, displayPath: displayPath)
        var records: [ResultRecord] = []
        var current: [HumanLabel] = []
        while let row = try rows.next() {
            for record in row {
                let key = HumanLabel(
                    rowID: record.rowID, model: record.model, repeatIndex: record.repeatIndex,
                    variant: record.variant, good: true
                ).key
                guard let label = byKey[key], label.labels(record) else { continue }
                records.append(record)
                current.append(label)
            }
        }
        return (records, current)
    }

    /// Which of `evaluators`' LLM judges are evidence, by their agreement with `labels` on
    /// the outputs at `results` (see `JudgeTrust`).
    public func judgeTrust(labels: [HumanLabel], results: URL?, displayPath: String, evaluators: [String]) throws
        -> JudgeTrust
    {
        guard let results, !labels.isEmpty else { return .none }
        let (records, current) = try labelled(labels, results: results, displayPath: displayPath)
        return JudgeTrust(
            agreements: LabelAgreement.compute(labels: current, records: records), judges: judges(among: evaluators),
            policy: config.verdict)
    }

    /// Which of `prompt`'s LLM judges are evidence for `check`: their agreement with the
    /// labels of every experiment on the prompt, over each one's last committed run.
    public func judgeTrust(forPrompt prompt: String, evaluators: [String]) throws -> JudgeTrust {
        let judges = judges(among: evaluators)
        guard !judges.isEmpty else { return .none }
        var records: [ResultRecord] = []
        var labels: [HumanLabel] = []
        for (spec, tip) in try experiments() where spec.prompt == prompt {
            let path = ProjectLayout.experimentResults(spec.name)
            guard let data = try repository.fileData(at: ProjectLayout.experimentLabels(spec.name), in: tip.id),
                let blob = try repository.blobID(at: path, in: tip.id)
            else { continue }
            let branch = Self.experimentBranchPrefix + spec.name
            let found = try labelled(
                try HumanLabel.read(data, path: "\(branch):\(ProjectLayout.experimentLabels(spec.name))"),
                results: try file(path, blob: blob), displayPath: "\(branch):\(path)")
            records += found.records
            labels += found.labels
        }
        guard !labels.isEmpty else { return .none }
        return JudgeTrust(
            agreements: LabelAgreement.compute(labels: labels, records: records), judges: judges,
            policy: config.verdict)
    }

    /// A line per LLM judge among `evaluators` on how steady it was across the repeats in
    /// `results` (see `JudgeConsistency`); empty when no output was judged twice.
    public func judgeConsistencyNotes(results: URL, displayPath: String, evaluators: [String]) throws -> [String] {
        let judges = judges(among: evaluators)
        guard !judges.isEmpty else { return [] }
        var builder = JudgeConsistency.Builder(judges: judges)
        var rows = ResultRowReader(url: results, displayPath: displayPath)
        while let row = try rows.next() { builder.addRow(row) }
        return builder.finish().map(\.line)
    }

    /// The names among `evaluators` that are LLM judges.
    public func judges(among evaluators: [String]) -> Set<String> {
        Set(evaluators.filter { config.evaluators[$0].map { EvaluatorRegistry.judgeKinds.contains($0.kind) } ?? false })
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
