/// Which files differ from HEAD, as `git status` groups them.
public struct WorkingTreeStatus: Hashable, Sendable {
    /// Changes in the index that HEAD does not have.
    public var staged: [String] = []
    /// Tracked files whose working copy differs from the index.
    public var modified: [String] = []
    /// Files git does not track and does not ignore.
    public var untracked: [String] = []
    /// Files with unresolved merge conflicts.
    public var conflicted: [String] = []

    public init(staged: [String] = [], modified: [String] = [], untracked: [String] = [], conflicted: [String] = []) {
        self.staged = staged
        self.modified = modified
        self.untracked = untracked
        self.conflicted = conflicted
    }

    /// True when no tracked file has uncommitted changes (untracked files do not count).
    public var isClean: Bool { staged.isEmpty && modified.isEmpty && conflicted.isEmpty }

    /// Every tracked file with uncommitted changes, sorted and without repeats.
    public var dirtyFiles: [String] { Array(Set(staged + modified + conflicted)).sorted() }
}
