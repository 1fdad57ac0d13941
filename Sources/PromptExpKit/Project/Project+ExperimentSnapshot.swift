public import Foundation

/// An experiment as it stands, for the commands that show it: its spec, base and
/// candidate, and the last run's results.
///
/// Read from the branch `exp/NAME` whatever is checked out: its spec, its candidate blob and
/// its committed results. Only when that branch is the one checked out do the candidate and
/// results come from the working tree, which is where the user's latest edit and an
/// uncommitted (`--no-commit`) run are.
public struct ExperimentSnapshot: Sendable {
    public let spec: ExperimentSpec
    public let base: RunVariant
    public let candidate: RunVariant
    /// The last run's results file, to read a row at a time; nil when it has not been run.
    public let results: URL?
    /// How errors name the results file.
    public let resultsLabel: String
    /// Where candidate and results were read: the branch tip, or nil for the working tree.
    public let commit: ObjectID?

    public var hasResults: Bool { results != nil }

    /// The results, a row at a time.
    public func resultRows() -> ResultRowReader? {
        results.map { ResultRowReader(url: $0, displayPath: resultsLabel) }
    }
}

extension Project {
    /// Experiment `name` (default: the one of the checked-out `exp/` branch), read as
    /// `ExperimentSnapshot` explains.
    public func experimentSnapshot(_ name: String?) throws -> ExperimentSnapshot {
        let name = try name ?? currentExperimentName()
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        let resultsPath = ProjectLayout.experimentResults(name)
        if try repository.currentBranch() == branch {
            let (base, candidate) = try experimentVariants(spec)
            let url = repository.workingFile(resultsPath)
            return ExperimentSnapshot(
                spec: spec, base: base, candidate: candidate,
                results: FileManager.default.fileExists(atPath: url.path) ? url : nil,
                resultsLabel: resultsPath, commit: nil)
        }
        guard let tip = try repository.branchTip(branch) else { throw ExperimentError.unknown(name, suggestions: []) }
        let path = Self.promptPath(for: spec.prompt)
        guard let blob = try repository.blobID(at: path, in: tip) else {
            throw PromptError.unknownVersion(
                prompt: spec.prompt, selector: branch, reason: "\(path) is not on the branch")
        }
        let base = try experimentBase(spec)
        let candidateFile = try readingReferences(
            try PromptFile(data: try repository.blobData(blob), path: "\(branch):\(path)"), from: .commit(tip))
        let candidate = RunVariant(
            label: "candidate", promptID: spec.prompt, file: candidateFile.file, blob: blob, files: candidateFile.files)
        let results = try repository.blobID(at: resultsPath, in: tip).map { try file(resultsPath, blob: $0) }
        return ExperimentSnapshot(
            spec: spec, base: base, candidate: candidate, results: results, resultsLabel: "\(branch):\(resultsPath)",
            commit: tip)
    }
}
