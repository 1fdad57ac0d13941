import Foundation

extension Project {
    public static let experimentBranchPrefix = "exp/"

    /// Starts an experiment: resolves the base version, makes branch `exp/NAME` from the
    /// current commit with the prompt set to the base and the spec committed, and switches
    /// to it. Refuses on a dirty working tree, naming the files, and changes nothing then.
    public func createExperiment(_ request: ExperimentRequest) throws -> (spec: ExperimentSpec, commit: ObjectID) {
        guard ExperimentRequest.isValidName(request.name) else { throw ExperimentError.invalidName(request.name) }
        let branch = Self.experimentBranchPrefix + request.name
        if try repository.branchTip(branch) != nil { throw ExperimentError.exists(request.name) }
        try repository.requireNoOperationInProgress()
        try repository.requireClean()
        guard let head = try repository.headCommit() else { throw GitError.noCommits }
        let id = try requirePrompt(request.prompt)

        // The base: as asked, else production, else the newest version.
        let versions = try history(of: id)
        let baseRef =
            request.base
            ?? (versions.contains { $0.tags.contains("production") } ? "production" : versions.first?.label)
        guard let baseRef else { throw ExperimentError.baseNotCommitted(prompt: id) }
        let base = try resolve(id, at: VersionSelector(parsing: baseRef))
        let baseCommit: ObjectID
        switch base.source {
        case .version(let version): baseCommit = version.commit.id
        case .commit(let commit, _): baseCommit = commit.id
        case .working: throw ExperimentError.baseNotCommitted(prompt: id)
        }

        // Real traffic: a sample of the log becomes the dataset, committed with the experiment.
        var sampled: (path: String, text: String, staged: StagedLog)?
        if let log = request.sampleLog {
            let staged = try stageLog(log, promptID: id, version: baseRef, options: .init(redact: true))
            defer { try? FileManager.default.removeItem(at: staged.dataset.url) }
            guard staged.summary.imported > 0 else {
                throw ImportError.nothingMatched(log: log.path, prompt: staged.promptLabel)
            }
            let path = "\(ProjectLayout.datasets)/samples/\(request.name).jsonl"
            let target = repository.gitDirectory.appendingPathComponent(
                "\(ProjectLayout.importStaging)/\(UUID().uuidString)-sample.jsonl")
            _ = try DatasetSampler(size: request.sampleSize ?? 10, seed: request.sampleSeed, filters: []).sample(
                staged.dataset, to: target)
            defer { try? FileManager.default.removeItem(at: target) }
            sampled = (path, try String(contentsOf: target, encoding: .utf8), staged)
        }
        let datasetName = sampled?.path ?? request.dataset ?? base.file.frontMatter.tests?.dataset
        guard let datasetName else {
            throw PromptError.malformed(
                SourceLocation(path: Self.promptPath(for: id), line: 1),
                "no dataset: pass --dataset, or set tests.dataset in the front matter")
        }
        let datasetPath: String
        let datasetData: Data
        if let sampled {
            guard !FileManager.default.fileExists(atPath: repository.workingFile(sampled.path).path) else {
                throw DatasetError.exists(sampled.path)
            }
            (datasetPath, datasetData) = (sampled.path, Data(sampled.text.utf8))
        } else {
            let dataset = try self.dataset(datasetName)
            datasetPath = repository.relativePath(of: dataset.url) ?? dataset.displayPath
            datasetData = try Data(contentsOf: dataset.url)
        }
        var models = request.models
        if models.isEmpty { models = evaluatedModels(of: base.file) }
        for model in models { _ = try config.resolveModel(model) }
        guard !models.isEmpty else { throw ProviderSetupError.noModel }

        var spec = ExperimentSpec(
            name: request.name, prompt: id,
            base: .init(ref: baseRef, commit: baseCommit, blob: base.blob),
            dataset: .init(path: datasetPath, blob: Repository.hashBlob(datasetData)),
            models: models, evaluators: base.file.frontMatter.tests?.evaluators ?? [],
            sampleSize: sampled == nil ? request.sampleSize : nil, sampleSeed: request.sampleSeed,
            repeats: request.repeats,
            sourceBranch: try repository.currentBranch())
        spec.baseFromLog = request.baseFromLog
        var changes: [FileChange] = [.write(ProjectLayout.experimentSpec(request.name), spec.yaml)]
        if let sampled { changes.append(.write(sampled.path, sampled.text)) }
        let candidate = try Self.candidateText(
            startingFrom: base.file, models: evaluatedModels(of: base.file) == models ? nil : models,
            path: Self.promptPath(for: id))
        if try repository.blobID(at: Self.promptPath(for: id), in: head) != Repository.hashBlob(Data(candidate.utf8)) {
            changes.append(.write(Self.promptPath(for: id), candidate))
        }
        try repository.createBranch(branch, at: head)
        let commit = try repository.commit(
            changes, on: branch,
            message: ExperimentStartMessage(
                experiment: request.name, prompt: id, baseLabel: base.versionLabel, baseRef: baseRef,
                baseCommit: baseCommit, baseBlob: base.blob, datasetPath: datasetPath, models: models
            ).text)
        try repository.switchBranch(to: branch)
        return (spec, commit)
    }

    /// The candidate's first text: the base without the `production` tag, because the
    /// candidate is not what is deployed. On the experiment branch `@production` stays the
    /// base (the newest version carrying the tag) until `exp promote` adds it back.
    /// With `models`, it also names the models the experiment evaluates in `tests.models`
    /// (the gate's one rule: `check` runs what was evaluated), shown in every diff.
    static func candidateText(startingFrom base: PromptFile, models: [String]?, path: String) throws -> String {
        let tags = base.frontMatter.tags
        var editor = FrontMatterEditor(text: base.text)
        if let models { try editor.setTestsModels(models, tests: base.frontMatter.tests, path: path) }
        guard tags.contains(productionTag) else { return editor.text }
        try editor.setTags(tags.filter { $0 != productionTag }, path: path)
        return editor.text
    }

    /// The models a prompt version is evaluated on, by the gate's one rule: its
    /// `tests.models`, else its `model:`, else `defaults.model`. An experiment evaluates
    /// these and `check` runs these, so what was reviewed is what is guarded.
    public func evaluatedModels(of file: PromptFile) -> [String] {
        if let models = file.frontMatter.tests?.models, !models.isEmpty { return models }
        return [file.frontMatter.model ?? config.defaults.model].compactMap { $0 }
    }

    /// The tag that marks the deployed version of a prompt.
    public static let productionTag = "production"

    /// The spec of experiment `name`, read from the tip of its branch.
    public func experiment(named name: String) throws -> ExperimentSpec {
        let branch = Self.experimentBranchPrefix + name
        guard let tip = try repository.branchTip(branch) else {
            throw ExperimentError.unknown(
                name, suggestions: NameSuggester.suggestions(for: name, among: try experimentNames()))
        }
        let path = ProjectLayout.experimentSpec(name)
        guard let data = try repository.fileData(at: path, in: tip) else {
            throw ExperimentError.malformedSpec(
                SourceLocation(path: "\(branch):\(path)", line: 1), "the branch has no experiment spec")
        }
        return try ExperimentSpec(yaml: String(decoding: data, as: UTF8.self), path: "\(branch):\(path)")
    }

    /// The experiment of the current branch, when it is an `exp/` branch.
    public func currentExperimentName() throws -> String {
        let branch = try repository.currentBranch()
        guard let branch, branch.hasPrefix(Self.experimentBranchPrefix) else {
            throw ExperimentError.notOnExperimentBranch(branch: branch)
        }
        return String(branch.dropFirst(Self.experimentBranchPrefix.count))
    }

    /// Every experiment branch with its spec and tip, newest tip first.
    public func experiments() throws -> [(spec: ExperimentSpec, tip: CommitInfo)] {
        var found: [(ExperimentSpec, CommitInfo)] = []
        for branch in try repository.branches(prefix: Self.experimentBranchPrefix) {
            let name = String(branch.dropFirst(Self.experimentBranchPrefix.count))
            guard let tip = try repository.branchTip(branch), let spec = try? experiment(named: name) else { continue }
            found.append((spec, try repository.commitInfo(tip)))
        }
        return found.sorted { $0.1.date > $1.1.date || ($0.1.date == $1.1.date && $0.0.name < $1.0.name) }
    }
}
