import Foundation

extension Project {
    /// For each version, the summary of an experiment run committed with that very
    /// content (the candidate of an `exp run` commit), looked up only for the experiments
    /// HEAD knows, so a repository without experiments pays nothing.
    public func runSummaries(for versions: [PromptVersion]) throws -> [ObjectID: CommittedRunSummary] {
        guard let head = try repository.headCommit() else { return [:] }
        let names = try repository.entryNames(in: ProjectLayout.experiments, at: head)
        guard !names.isEmpty else { return [:] }
        var found: [ObjectID: CommittedRunSummary] = [:]
        for version in versions {
            for name in names {
                guard
                    let data = try repository.fileData(
                        at: ProjectLayout.experimentSummary(name), in: version.commit.id),
                    let summary = CommittedRunSummary(data: data), summary.candidateBlob == version.blob
                else { continue }
                found[version.commit.id] = summary
            }
        }
        return found
    }
}
