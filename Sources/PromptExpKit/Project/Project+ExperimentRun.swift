import Foundation

extension Project {
    /// Where an experiment's files live in the working tree.
    public static func experimentFolder(_ name: String) -> String {
        ".promptexp/experiments/\(name)"
    }

    /// The base (from its blob in git) and the candidate (the working file) of an experiment.
    public func experimentVariants(_ spec: ExperimentSpec) throws -> (base: RunVariant, candidate: RunVariant) {
        let candidate = try resolve(spec.prompt, at: .working)
        return (
            try experimentBase(spec),
            RunVariant(label: "candidate", promptID: spec.prompt, file: candidate.file, blob: candidate.blob)
        )
    }

    /// The base of an experiment, read from its blob in git.
    public func experimentBase(_ spec: ExperimentSpec) throws -> RunVariant {
        let path = Self.promptPath(for: spec.prompt)
        let file = try PromptFile(data: try repository.blobData(spec.base.blob), path: "\(path)@\(spec.base.ref)")
        return RunVariant(label: "base", promptID: spec.prompt, file: file, blob: spec.base.blob)
    }

    /// The answers committed at HEAD for this experiment, to reuse, so a rerun pays only
    /// for what changed; nil when there are none. Looked up in the file, not held.
    public func committedAnswers(_ name: String) throws -> ResponseFileIndex? {
        guard let head = try repository.headCommit() else { return nil }
        return try committedAnswers(at: "\(Self.experimentFolder(name))/results.jsonl", in: head)
    }

    /// An index over the results file `path` as `commit` has it: the working file itself
    /// when it is that blob (the usual case, read in place), else the blob copied out of
    /// git under `.git/promptexp/committed/`.
    func committedAnswers(at path: String, in commit: ObjectID) throws -> ResponseFileIndex? {
        guard let blob = try repository.blobID(at: path, in: commit) else { return nil }
        var url = repository.workingFile(path)
        if !FileManager.default.fileExists(atPath: url.path) || (try? Repository.hashFile(url)) != blob {
            url = repository.gitDirectory.appendingPathComponent("promptexp/committed/\(blob.hex).jsonl")
            if !FileManager.default.fileExists(atPath: url.path) {
                try AtomicFile.write(try repository.blobData(blob), to: url.path)
            }
        }
        return try ResponseFileIndex(url: url) { value in
            guard let record = ResultRecord(json: value), let response = record.cachedResponse else { return nil }
            return (record.requestHash, response)
        }
    }

    /// The results of experiment `name` committed at `commit`, or nil when it has none there.
    public func results(of name: String, at commit: ObjectID, label: String) throws -> [ResultRecord]? {
        let path = "\(Self.experimentFolder(name))/results.jsonl"
        guard let data = try repository.fileData(at: path, in: commit) else { return nil }
        return try ResultsFile.parse(data, path: "\(label):\(path)")
    }

    /// Writes summary.json and report.md, and commits them with the candidate prompt, the
    /// spec and the results on the experiment's branch (nothing else the user changed).
    /// Returns nil when nothing was committed: `commit` is false, or nothing changed.
    @discardableResult
    public func recordExperimentRun(_ outcome: ExperimentOutcome, commit: Bool) throws -> ObjectID? {
        let folder = Self.experimentFolder(outcome.spec.name)
        let prompt = Self.promptPath(for: outcome.spec.prompt)
        var files: [(String, Data)] = [
            ("\(folder)/summary.json", Data((outcome.summaryJSON.prettyJSON + "\n").utf8)),
            ("\(folder)/report.md", Data(outcome.markdown().utf8)),
            (ExperimentSpec.path(for: outcome.spec.name), Data(outcome.spec.yaml.utf8)),
        ]
        if commit { try repository.requireNoOperationInProgress() }
        guard commit else {
            for (path, data) in files { try AtomicFile.write(data, to: repository.workingFile(path).path) }
            return nil
        }
        files.append(("\(folder)/results.jsonl", try Data(contentsOf: repository.workingFile("\(folder)/results.jsonl"))))
        files.append((prompt, try Data(contentsOf: repository.workingFile(prompt))))
        // A rerun whose results, prompt and spec are as committed makes no commit, and
        // leaves the committed summary and report alone (their timings would differ).
        if let head = try repository.headCommit() {
            let decisive = files.filter { !$0.0.hasSuffix("/summary.json") && !$0.0.hasSuffix("/report.md") }
            let unchanged = try decisive.allSatisfy { path, data in
                try repository.blobID(at: path, in: head) == Repository.hashBlob(data)
            }
            if unchanged {
                for (path, _) in files where !decisive.contains(where: { $0.0 == path }) {
                    if let committed = try repository.fileData(at: path, in: head) {
                        try AtomicFile.write(committed, to: repository.workingFile(path).path)
                    }
                }
                return nil
            }
        }
        let branch = Self.experimentBranchPrefix + outcome.spec.name
        return try repository.commit(files.map { FileChange.write($0.0, $0.1) }, on: branch, message: outcome.commitMessage)
    }
}
