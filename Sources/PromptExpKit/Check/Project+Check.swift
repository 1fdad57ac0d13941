import Foundation

extension Project {
    /// Finds the prompt files that differ between the two sides of `request` and, for
    /// each whose new version has `tests`, prepares its old and new versions to run.
    /// Prompts that were added, deleted, or have no tests are listed as unchecked.
    public func planCheck(_ request: CheckRequest) throws -> CheckPlan {
        guard let head = try repository.headCommit() else { throw GitError.noCommits }
        let newCommit = request.staged ? head : try repository.resolveCommit(request.head ?? "HEAD")
        let (baseCommit, baseName) = try checkBase(request, newCommit: newCommit)
        let prefix = "\(ProjectLayout.prompts)/"
        let suffix = ".\(ProjectLayout.promptExtension)"
        let oldBlobs = try repository.fileBlobs(in: baseCommit, under: prefix).filter { $0.key.hasSuffix(suffix) }
        let newBlobs = try
            (request.staged
            ? repository.indexEntries(under: prefix, indexFile: request.indexFile)
            : repository.fileBlobs(in: newCommit, under: prefix))
            .filter { $0.key.hasSuffix(suffix) }
        let newLabel = request.staged ? "staged" : "\(request.head ?? "HEAD") (\(newCommit.short))"

        var targets: [CheckTarget] = []
        var unchecked: [(prompt: String, reason: String)] = []
        var lostTests: [String] = []
        let newSource: PromptSource = request.staged ? .index(request.indexFile) : .commit(newCommit)
        for path in Set(oldBlobs.keys).union(newBlobs.keys).sorted() {
            if oldBlobs[path] == newBlobs[path] {
                // The same prompt file is still another version when a file it names changed.
                guard let blob = newBlobs[path],
                    let file = try? PromptFile(data: repository.blobData(blob), path: path),
                    !file.frontMatter.references.isEmpty,
                    try referencedBlobs(of: file, in: .commit(baseCommit)) != referencedBlobs(of: file, in: newSource)
                else { continue }
            }
            let id = String(path.dropFirst(prefix.count).dropLast(suffix.count))
            guard let oldBlob = oldBlobs[path] else {
                unchecked.append((id, "new prompt: there is no earlier version to compare with"))
                continue
            }
            guard let newBlob = newBlobs[path] else {
                unchecked.append((id, "deleted"))
                continue
            }
            let oldFile = try PromptFile(data: try repository.blobData(oldBlob), path: "\(path)@\(baseName)")
            let newFile = try PromptFile(
                data: try repository.blobData(newBlob), path: "\(path)@\(request.staged ? "staged" : newLabel)")
            let hadTests = oldFile.frontMatter.tests.map { $0.dataset != nil && !$0.evaluators.isEmpty } ?? false
            let missing: String?
            if let tests = newFile.frontMatter.tests {
                missing =
                    tests.dataset == nil
                    ? "its tests name no dataset (tests.dataset)"
                    : tests.evaluators.isEmpty ? "its tests name no evaluators (tests.evaluators)" : nil
            } else {
                missing = "no tests: add tests.dataset and tests.evaluators to its front matter"
            }
            if let missing {
                if hadTests {
                    lostTests.append(
                        "\(id): \(missing), but \(baseName) had tests: a change cannot remove its own gate (put tests: back)"
                    )
                } else {
                    unchecked.append((id, missing))
                }
                continue
            }
            guard let tests = newFile.frontMatter.tests, let datasetName = tests.dataset else { continue }
            let dataset = try checkDataset(datasetName, request: request, commit: newCommit, prompt: path)
            // Each side with the files it names as that side has them.
            let old = try readingReferences(oldFile, from: .commit(baseCommit))
            let new = try readingReferences(newFile, from: newSource)
            targets.append(
                CheckTarget(
                    prompt: id,
                    base: RunVariant(
                        label: "base", promptID: id, file: old.file, blob: oldBlob, models: try checkModels(oldFile),
                        files: old.files),
                    candidate: RunVariant(
                        label: "candidate", promptID: id, file: new.file, blob: newBlob,
                        models: try checkModels(newFile), files: new.files),
                    dataset: dataset, evaluators: tests.evaluators))
        }
        var plan = CheckPlan(
            baseLabel: "\(baseName) (\(baseCommit.short))", candidateLabel: newLabel, targets: targets,
            unchecked: unchecked)
        plan.lostTests = lostTests
        return plan
    }

    /// The old side: as asked; with `--staged`, HEAD; else where the branch will merge:
    /// the merge base with `main`, else with `origin/HEAD` (the remote's default branch, as
    /// a CI checkout often has only that), else with `origin/main`. A feature branch's own
    /// upstream is never the base: it holds the branch's own changes, so comparing with it
    /// would pass a regression already pushed. On the default branch itself, its upstream
    /// is the base (what is not pushed yet).
    private func checkBase(_ request: CheckRequest, newCommit: ObjectID) throws -> (ObjectID, String) {
        if let base = request.base { return (try repository.resolveCommit(base), base) }
        if request.staged { return (newCommit, "HEAD") }
        if ["main", "master"].contains(try repository.currentBranch()), let upstream = try repository.upstreamTip(),
            let base = try repository.mergeBase(upstream, newCommit)
        {
            return (base, "merge base with upstream")
        }
        for name in ["main", "origin/HEAD", "origin/main", "master", "origin/master"] {
            guard let tip = try? repository.resolveCommit(name) else { continue }
            guard let base = try repository.mergeBase(tip, newCommit) else {
                throw CheckError.noBase("HEAD shares no history with \(name)")
            }
            return (base, tip == base ? name : "merge base with \(name)")
        }
        throw CheckError.noBase("there is no main, origin/HEAD, origin/main, master or origin/master")
    }

    /// A prompt version's models, by the gate's one rule: its `tests.models` (what an
    /// experiment evaluated it on), else its front matter's `model`, else `defaults.model`.
    private func checkModels(_ file: PromptFile) throws -> [ResolvedModel] {
        let references = config.modelReferences(requested: [], defaults: evaluatedModels(of: file))
        guard !references.isEmpty else { throw ProviderSetupError.noModel }
        return try references.map { try config.resolveModel($0) }
    }

    /// The dataset as the new side has it (staged or committed).
    private func checkDataset(_ name: String, request: CheckRequest, commit: ObjectID, prompt: String) throws
        -> DatasetFile
    {
        let staged = request.staged
        try ProjectFileCheck.requireInside(name, root: root)
        let file = name.hasSuffix(".jsonl") ? name : "\(name).jsonl"
        let staging = staged ? try repository.indexEntries(indexFile: request.indexFile) : [:]
        var found: (path: String, blob: ObjectID)?
        for path in [file, "\(ProjectLayout.datasets)/\(file)"] {
            if let blob = staged ? staging[path] : try repository.blobID(at: path, in: commit) {
                found = (path, blob)
                break
            }
        }
        guard let (path, blob) = found else {
            throw CheckError.missingDataset(path: file, prompt: prompt, side: staged ? "the index" : commit.short)
        }
        return try datasetFile(path: path, blob: blob)
    }

    /// Every experiment's answers committed at `commit`: a check reuses any answer they
    /// hold for the same request, so checking after an experiment costs nothing.
    public func committedExperimentAnswers(at commit: ObjectID) throws -> [any ResponseLookup] {
        var lookups: [any ResponseLookup] = []
        for name in try repository.entryNames(in: ProjectLayout.experiments, at: commit) {
            if let found = try committedAnswers(at: ProjectLayout.experimentResults(name), in: commit) {
                lookups.append(found)
            }
        }
        return lookups
    }
}

/// Why a check could not start.
public enum CheckError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    case noBase(String)
    case missingDataset(path: String, prompt: String, side: String)

    public var description: String {
        switch self {
        case .noBase(let why): "no revision to compare with: \(why); pass --base REV"
        case .missingDataset(let path, let prompt, let side):
            "\(prompt): its tests name dataset '\(path)', which is not in \(side)"
        }
    }
}
