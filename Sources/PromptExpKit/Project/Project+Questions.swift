public import Foundation

/// What the command line and the web view ask about the repository, answered here so they
/// never reach into `repository` themselves: git stays behind the library.
extension Project {
    /// The branch checked out; nil on a detached HEAD.
    public func currentBranch() throws -> String? { try repository.currentBranch() }

    /// The commit a revision names (a branch, a tag, `HEAD~2`, an id).
    public func resolveRevision(_ revision: String) throws -> ObjectID { try repository.resolveCommit(revision) }

    /// A file of the working tree, by its path in the repository.
    public func workingFile(_ path: String) -> URL { repository.workingFile(path) }

    /// A file as messages name it: relative to the repository when inside it.
    public func displayPath(of url: URL) -> String { repository.relativePath(of: url) ?? url.path }

    /// Where git looks for this repository's hooks (`core.hooksPath` respected).
    public func hooksDirectory() throws -> URL { try repository.hooksDirectory() }

    /// Every experiment's name, from its `exp/` branch.
    public func experimentNames() throws -> [String] {
        try repository.branches(prefix: Self.experimentBranchPrefix).map {
            String($0.dropFirst(Self.experimentBranchPrefix.count))
        }
    }

    /// The summary of experiment `name`'s last committed run at `tip`, if it has one.
    public func committedRunSummary(of name: String, at tip: ObjectID) throws -> CommittedRunSummary? {
        try repository.fileData(at: ProjectLayout.experimentSummary(name), in: tip).flatMap(
            CommittedRunSummary.init(data:))
    }

    /// The commits of experiment `name`'s branch that changed its results, newest first:
    /// its committed runs.
    public func experimentRunCommits(_ name: String) throws -> [CommitInfo] {
        guard let tip = try repository.branchTip(Self.experimentBranchPrefix + name) else {
            throw ExperimentError.unknown(
                name, suggestions: NameSuggester.suggestions(for: name, among: try experimentNames()))
        }
        return try repository.walkFileHistory(of: ProjectLayout.experimentResults(name), from: tip).revisions.map(
            \.commit)
    }

    /// Called at each named step of a commit; the tests that kill the process there use it.
    public func onCheckpoint(_ handler: @escaping (String) -> Void) { repository.onCheckpoint = handler }
}
