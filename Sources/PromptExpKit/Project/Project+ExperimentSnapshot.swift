import Foundation

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
    /// The last run's results; nil when the experiment has not been run.
    public let records: [ResultRecord]?
    /// Where candidate and results were read: the branch tip, or nil for the working tree.
    public let commit: ObjectID?

    public var hasResults: Bool { records != nil }
}

extension Project {
    /// Experiment `name` (default: the one of the checked-out `exp/` branch), read as
    /// `ExperimentSnapshot` explains.
    public func experimentSnapshot(_ name: String?) throws -> ExperimentSnapshot {
        let name = try name ?? currentExperimentName()
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        let resultsPath = "\(Self.experimentFolder(name))/results.jsonl"
        if try repository.currentBranch() == branch {
            let (base, candidate) = try experimentVariants(spec)
            let url = repository.workingFile(resultsPath)
            let records = FileManager.default.fileExists(atPath: url.path) ? try ResultsFile.read(url, displayPath: resultsPath) : nil
            return ExperimentSnapshot(spec: spec, base: base, candidate: candidate, records: records, commit: nil)
        }
        guard let tip = try repository.branchTip(branch) else { throw ExperimentError.unknown(name, suggestions: []) }
        let path = Self.promptPath(for: spec.prompt)
        guard let blob = try repository.blobID(at: path, in: tip) else {
            throw PromptError.unknownVersion(prompt: spec.prompt, selector: branch, reason: "\(path) is not on the branch")
        }
        let base = try experimentBase(spec)
        let candidateFile = try PromptFile(data: try repository.blobData(blob), path: "\(branch):\(path)")
        let candidate = RunVariant(label: "candidate", promptID: spec.prompt, file: candidateFile, blob: blob)
        return ExperimentSnapshot(
            spec: spec, base: base, candidate: candidate, records: try results(of: name, at: tip, label: branch), commit: tip)
    }
}
