public import Foundation

extension Project {
    /// The base (from its blob in git) and the candidate (the working file) of an experiment.
    public func experimentVariants(_ spec: ExperimentSpec) throws -> (base: RunVariant, candidate: RunVariant) {
        let candidate = try resolve(spec.prompt, at: .working)
        return (
            try experimentBase(spec),
            RunVariant(
                label: "candidate", promptID: spec.prompt, file: candidate.file, blob: candidate.blob,
                files: candidate.files)
        )
    }

    /// The base of an experiment, read from its blob in git, with the files it names as
    /// its commit has them.
    public func experimentBase(_ spec: ExperimentSpec) throws -> RunVariant {
        let path = Self.promptPath(for: spec.prompt)
        let file = try PromptFile(data: try repository.blobData(spec.base.blob), path: "\(path)@\(spec.base.ref)")
        let read = try readingReferences(file, from: .commit(spec.base.commit))
        return RunVariant(
            label: "base", promptID: spec.prompt, file: read.file, blob: spec.base.blob, files: read.files)
    }

    /// The answers committed at HEAD for this experiment, to reuse, so a rerun pays only
    /// for what changed; nil when there are none. Looked up in the file, not held.
    public func committedAnswers(_ name: String) throws -> ResponseFileIndex? {
        guard let head = try repository.headCommit() else { return nil }
        return try committedAnswers(at: ProjectLayout.experimentResults(name), in: head)
    }

    /// An index over the results file `path` as `commit` has it.
    func committedAnswers(at path: String, in commit: ObjectID) throws -> ResponseFileIndex? {
        guard let blob = try repository.blobID(at: path, in: commit) else { return nil }
        return try ResponseFileIndex(url: try file(path, blob: blob)) { value in
            guard let record = ResultRecord(json: value), let response = record.cachedResponse else { return nil }
            return (record.requestHash, response)
        }
    }

    /// A file holding blob `blob` of `path`: the working file itself when it is that blob
    /// (the usual case, read in place), else the blob copied out of git once.
    public func file(_ path: String, blob: ObjectID) throws -> URL {
        let working = repository.workingFile(path)
        if FileManager.default.fileExists(atPath: working.path), (try? Repository.hashFile(working)) == blob {
            return working
        }
        return try repository.blobFile(blob)
    }

    /// The results of experiment `name` committed at `commit`, or nil when it has none there.
    public func results(of name: String, at commit: ObjectID, label: String) throws -> [ResultRecord]? {
        let path = ProjectLayout.experimentResults(name)
        guard let data = try repository.fileData(at: path, in: commit) else { return nil }
        return try ResultsFile.parse(data, path: "\(label):\(path)")
    }

    /// Writes summary.json and report.md, and commits them with the candidate prompt, the
    /// spec and the results on the experiment's branch (nothing else the user changed).
    /// Returns nil when nothing was committed: `commit` is false, or nothing changed.
    @discardableResult
    public func recordExperimentRun(_ outcome: ExperimentOutcome, commit: Bool) throws -> ObjectID? {
        let prompt = Self.promptPath(for: outcome.spec.prompt)
        let resultsPath = ProjectLayout.experimentResults(outcome.spec.name)
        let records = FileChange.workingFile(resultsPath)
        // The report is read back from the files as written, as `report` reads the
        // committed run, so the two say the same (the judges' spend as summary.json keeps it).
        let source = try experimentReportSource(
            outcome.spec, candidateBlob: outcome.candidateBlob, candidateFiles: outcome.candidateFiles,
            results: repository.workingFile(resultsPath),
            resultsDisplayPath: resultsPath, judges: outcome.judges.flatMap { JudgeLedger(json: $0.json) },
            sequential: outcome.sequential,
            labels: try labels(of: outcome.spec.name))
        let report = ComparisonReport(
            title: Self.experimentReportTitle(outcome.spec.name), subjects: [try source.subject()])
        // Their timings differ on every run, so they alone never make a commit.
        let incidental: [FileChange] = [
            .write(
                ProjectLayout.experimentSummary(outcome.spec.name),
                CommittedRunSummary.json(of: outcome).prettyJSON + "\n"
            ),
            .write(ProjectLayout.experimentReport(outcome.spec.name), MarkdownReport(report).render()),
        ]
        var decisive: [FileChange] = [
            .write(ProjectLayout.experimentSpec(outcome.spec.name), outcome.spec.yaml),
            records,
            .write(prompt, try Data(contentsOf: repository.workingFile(prompt))),
        ]
        // The files the candidate names are part of it: committed as the run read them.
        for path in outcome.candidateFiles.keys.sorted() { decisive.append(.workingFile(path)) }
        // What the run read is committed with it, so the branch alone reproduces it: a
        // dataset not yet committed (or changed) and the config as the run used it.
        for path in [outcome.spec.dataset.path, ProjectLayout.config]
        where FileManager.default.fileExists(atPath: repository.workingFile(path).path) {
            decisive.append(.workingFile(path))
        }
        // The batches are done with: their answers are in the results, which say which
        // batch gave each.
        let batches = ProjectLayout.experimentBatches(outcome.spec.name)
        let batchesCommitted = try repository.headCommit().map { try repository.blobID(at: batches, in: $0) != nil }
        if batchesCommitted == true || FileManager.default.fileExists(atPath: repository.workingFile(batches).path) {
            decisive.append(.delete(batches))
        }
        if commit { try requireCheckoutUnmoved(outcome) }
        guard commit else {
            for change in incidental + decisive.prefix(1) {
                if case .bytes(let data) = change.content {
                    try AtomicFile.write(data, to: repository.workingFile(change.path).path)
                }
            }
            return nil
        }
        try repository.requireNoOperationInProgress()
        // A rerun whose results, prompt and spec are as committed makes no commit, and
        // leaves the committed summary and report alone.
        if let head = try repository.headCommit() {
            let unchanged = try decisive.allSatisfy { change in
                try repository.blobID(at: change.path, in: head) == blobID(of: change)
            }
            if unchanged {
                for change in incidental {
                    if let committed = try repository.fileData(at: change.path, in: head) {
                        try AtomicFile.write(committed, to: repository.workingFile(change.path).path)
                    }
                }
                return nil
            }
        }
        let branch = Self.experimentBranchPrefix + outcome.spec.name
        return try repository.commit(incidental + decisive, on: branch, message: outcome.commitMessage)
    }

    /// Commits the batches of experiment `spec.name` still open at the providers, with the
    /// spec and candidate prompt they were submitted for, on its branch: another clone (a
    /// CI job) can then collect them and finish the run. No commit when nothing changed.
    @discardableResult
    public func recordOpenBatches(_ spec: ExperimentSpec, report: BatchRun.Report) throws -> ObjectID? {
        let prompt = Self.promptPath(for: spec.prompt)
        let changes: [FileChange] = [
            .write(ProjectLayout.experimentSpec(spec.name), spec.yaml),
            .write(prompt, try Data(contentsOf: repository.workingFile(prompt))),
            .workingFile(ProjectLayout.experimentBatches(spec.name)),
        ]
        try repository.requireNoOperationInProgress()
        if let head = try repository.headCommit(),
            try changes.allSatisfy({ try repository.blobID(at: $0.path, in: head) == blobID(of: $0) })
        {
            return nil
        }
        let calls = report.ledger.open.reduce(0) { $0 + $1.requestHashes.count }
        let message =
            "exp \(spec.name): \(counted(calls, "call")) in \(counted(report.ledger.open.count, "batch", plural: "batches")) at the providers\n\n"
            + "Run `promptexp exp run` on this branch to collect the answers and finish the run.\n"
        return try repository.commit(changes, on: Self.experimentBranchPrefix + spec.name, message: message)
    }

    /// Refuses to commit a run when the checkout changed under it: another branch checked
    /// out (a switch in the terminal while the view ran it), or the candidate file edited
    /// since it was planned. The results file the run wrote into the wrong checkout is put
    /// back as that branch has it; the run's journal keeps every answer for a rerun.
    private func requireCheckoutUnmoved(_ outcome: ExperimentOutcome) throws {
        let name = outcome.spec.name
        let branch = Self.experimentBranchPrefix + name
        let current = try repository.currentBranch()
        if current != branch {
            try restoreResultsFile(of: name)
            throw ExperimentError.checkoutMoved(
                name: name,
                reason: "\(current.map { "branch '\($0)'" } ?? "a detached HEAD") was checked out while exp/\(name) ran"
            )
        }
        let prompt = Self.promptPath(for: outcome.spec.prompt)
        let working = repository.workingFile(prompt)
        let blob = FileManager.default.fileExists(atPath: working.path) ? try Repository.hashFile(working) : nil
        guard blob == outcome.candidateBlob else {
            throw ExperimentError.checkoutMoved(name: name, reason: "\(prompt) changed while the run was going")
        }
        for (path, ran) in outcome.candidateFiles.sorted(by: { $0.key < $1.key }) {
            let url = repository.workingFile(path)
            guard FileManager.default.fileExists(atPath: url.path), try Repository.hashFile(url) == ran else {
                throw ExperimentError.checkoutMoved(name: name, reason: "\(path) changed while the run was going")
            }
        }
    }

    /// Puts the results file back as HEAD has it (or removes it when HEAD has none).
    private func restoreResultsFile(of name: String) throws {
        let path = ProjectLayout.experimentResults(name)
        let url = repository.workingFile(path)
        if let head = try repository.headCommit(), let committed = try repository.fileData(at: path, in: head) {
            try AtomicFile.write(committed, to: url.path)
        } else if FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.removeItem(at: url)
        }
    }

    /// The blob id a change would commit.
    private func blobID(of change: FileChange) throws -> ObjectID? {
        switch change.content {
        case .bytes(let data): Repository.hashBlob(data)
        case .workingFile: try Repository.hashFile(repository.workingFile(change.path))
        case .deleted: nil
        }
    }
}
