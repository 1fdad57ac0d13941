import Foundation

extension Project {
    /// The report of experiment `name`'s last committed run, read from the tip of its
    /// branch whatever is checked out: the spec, the results with their scores, and the
    /// judges' spend from `summary.json`. Its Markdown is the committed `report.md`.
    /// `labels` replaces the committed labels (a label being committed with its report).
    public func experimentReport(
        _ name: String, keepingRecords: Bool = false, rowLimit: Int = 2000, labels: [HumanLabel]? = nil
    ) throws -> ComparisonReport {
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        let path = ProjectLayout.experimentResults(name)
        guard let tip = try repository.branchTip(branch), let blob = try repository.blobID(at: path, in: tip) else {
            throw ExperimentError.notRun(name)
        }
        let candidateBlob = try repository.blobID(at: Self.promptPath(for: spec.prompt), in: tip) ?? spec.base.blob
        let summary = try repository.fileData(at: ProjectLayout.experimentSummary(name), in: tip)
            .flatMap(CommittedRunSummary.init(data:))
        let judges = summary?.judges
        var source = try experimentReportSource(
            spec, candidateBlob: candidateBlob, candidateFiles: summary?.candidateFiles ?? [:],
            results: try file(path, blob: blob),
            resultsDisplayPath: "\(branch):\(path)",
            judges: judges, sequential: summary?.sequential, labels: try labels ?? self.labels(of: name))
        source.keepingRecords = keepingRecords
        source.rowLimit = rowLimit
        var subject = try source.subject()
        attachThumbnails(to: &subject) { path in try experimentImage(name, path: path) }
        var report = ComparisonReport(title: Self.experimentReportTitle(name), subjects: [subject])
        report.source = "\(branch) at \(tip.short)"
        return report
    }

    static func experimentReportTitle(_ name: String) -> String { "Experiment `\(name)`" }

    /// What an experiment's report is made of. `exp run` writes `report.md` from this and
    /// `report` reads the committed run through it, so the two always agree.
    func experimentReportSource(
        _ spec: ExperimentSpec, candidateBlob: ObjectID, candidateFiles: [String: ObjectID], results: URL,
        resultsDisplayPath: String, judges: JudgeLedger?, sequential: SequentialRecord?, labels: [HumanLabel]
    ) throws -> ReportSource {
        var notes: [String] = []
        if spec.evaluators.isEmpty {
            notes.append("The experiment has no evaluators: add tests.evaluators to the prompt, then run it again.")
        }
        if spec.baseFromLog {
            notes.append(
                "The base's answers are production's, from the request log (the dataset's `output`), not new calls.")
        }
        if let judges { notes.append(judges.line) }
        if let sequential { notes.append(Self.sequentialNote(sequential)) }
        // One pass over the results finds the labelled outputs, for the note and the judges.
        let found = try labelled(labels, results: results, displayPath: resultsDisplayPath)
        let agreements = LabelAgreement.compute(labels: found.labels, records: found.records)
        if let note = labelNote(found.labels, agreements: agreements) { notes.append(note) }
        let trust = JudgeTrust(
            agreements: agreements, judges: self.judges(among: spec.evaluators), policy: config.verdict)
        notes += trust.notes
        if let nothing = trust.nothingLeft(of: spec.evaluators) { notes.append(nothing) }
        if spec.repeats > 1 {
            notes += try judgeConsistencyNotes(
                results: results, displayPath: resultsDisplayPath, evaluators: spec.evaluators)
        }
        // Read through `file`: before `exp run` commits, the candidate is only a working file.
        let promptPath = Self.promptPath(for: spec.prompt)
        let baseText = String(decoding: try Data(contentsOf: file(promptPath, blob: spec.base.blob)), as: UTF8.self)
        let candidateText = String(decoding: try Data(contentsOf: file(promptPath, blob: candidateBlob)), as: UTF8.self)
        var source = ReportSource(
            prompt: spec.prompt, baseLabel: "\(spec.base.ref) (\(spec.base.commit.short))",
            candidateLabel: "blob \(candidateBlob.short)",
            dataset: try datasetFile(path: spec.dataset.path, blob: spec.dataset.blob), results: results,
            resultsDisplayPath: resultsDisplayPath,
            weights: spec.evaluators.isEmpty ? nil : evaluatorWeights(spec.evaluators),
            policy: trust.applied(to: verdictPolicy(for: spec)))
        source.notes = notes
        source.promptDiff = try Self.experimentPromptDiff(base: baseText, candidate: candidateText)
        source.fileDiffs = try referencedFileDiffs(base: try experimentBase(spec).files, candidate: candidateFiles)
        let files = [baseText, candidateText].compactMap { try? PromptFile(text: $0, path: promptPath) }
        source.imageInputs = Array(Set(files.flatMap(\.template.imageInputs))).sorted()
        return source
    }

    /// How an experiment's results are compared: the config's `verdict:`, in the order of
    /// its sequential run when it had one.
    public func verdictPolicy(for spec: ExperimentSpec) -> VerdictPolicy {
        var policy = config.verdict
        policy.sequentialOrder = spec.sequentialSeed
        return policy
    }

    /// The report's note on a sequential run: what it saved, and how it decided.
    public static func sequentialNote(_ record: SequentialRecord) -> String {
        let line = record.line
        let note =
            record.decided
            ? "the rows were taken in a seeded random order and the verdict decided by an anytime-valid sequential test, which stopped the run once more rows could not change it"
            : "every row was needed: the sequential test did not decide, so the verdict is the fixed-size one"
        return "\(line.prefix(1).uppercased())\(line.dropFirst()) — \(note)."
    }

    /// The weights of evaluators named in a spec, for reading scores already recorded:
    /// read from the config without building the evaluators (a judge needs no client for
    /// this); 1 where the config gives none.
    public func evaluatorWeights(_ names: [String]) -> [String: Double] {
        Dictionary(
            names.map { name in
                (name, config.evaluators[name]?.settings["weight"]?.doubleValue ?? 1)
            }, uniquingKeysWith: { first, _ in first })
    }
}
