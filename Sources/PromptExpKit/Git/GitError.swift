public import Foundation

/// What went wrong in a git operation, said for a person reading a terminal.
public enum GitError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    /// libgit2 refused a call; `operation` says what we were doing, `message` is libgit2's own.
    case libgit2(operation: String, code: Int32, message: String)
    /// No repository at or above this folder.
    case notARepository(path: String)
    /// The repository belongs to another user, which git refuses unless told it is safe.
    case notOwned(path: String)
    /// The repository has no working tree, which every promptexp command needs.
    case bareRepository(path: String)
    /// A revision that names nothing in this repository.
    case unknownRevision(String)
    /// The work would overwrite or lose uncommitted changes in these files.
    case dirtyWorkingTree(files: [String])
    /// `user.name` / `user.email` are not set, so a commit has no author.
    case noIdentity
    /// A branch that should exist does not.
    case unknownBranch(String)
    /// A branch that should be new already exists.
    case branchExists(String)
    /// The repository has no commits yet where one is needed.
    case noCommits
    /// The branch moved while a commit on it was being made (another process committed).
    case branchMoved(branch: String)
    /// A merge, rebase, cherry-pick or similar is in progress, as git would refuse.
    case operationInProgress(String)
    /// The branch is checked out in another worktree, whose files a ref move would strand.
    case checkedOutElsewhere(branch: String, path: String)
    /// A path that git holds as a symbolic link (mode 120000): its blob is the link's
    /// target text, never the file a prompt or dataset should be.
    case symbolicLink(path: String)
    /// Two paths that are the same text in different Unicode normalizations.
    case unicodeTwins(String, String)

    public var description: String {
        switch self {
        case .libgit2(let operation, _, let message):
            return "git: could not \(operation): \(message)"
        case .notARepository(let path):
            return "not a git repository (or any parent up to /): \(path)"
        case .notOwned(let path):
            return
                "the repository at \(path) belongs to another user; git refuses it until you run: git config --global --add safe.directory \(path)"
        case .bareRepository(let path):
            return "\(path) is a bare repository; promptexp needs a working tree"
        case .unknownRevision(let revision):
            return "unknown revision '\(revision)'"
        case .dirtyWorkingTree(let files):
            let shown = files.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = files.count > 10 ? "\n  … and \(files.count - 10) more" : ""
            return "the working tree has uncommitted changes; commit or stash them first:\n\(shown)\(more)"
        case .noIdentity:
            return
                "git has no author identity: run git config user.name \"Your Name\" and git config user.email you@example.com"
        case .unknownBranch(let name):
            return "no branch named '\(name)'"
        case .branchExists(let name):
            return "a branch named '\(name)' already exists"
        case .noCommits:
            return "the repository has no commits yet"
        case .branchMoved(let branch):
            return
                "branch '\(branch)' moved while promptexp was committing on it (another process?); run the command again"
        case .operationInProgress(let state):
            return "a \(state) is in progress: finish it (or abort it) first, as git would ask"
        case .checkedOutElsewhere(let branch, let path):
            return "branch '\(branch)' is checked out in another worktree (\(path)): switch that worktree away first"
        case .unicodeTwins(let first, let second):
            return
                "\(UnicodeTwins.spelled(first)) and \(UnicodeTwins.spelled(second)) are two files whose names differ only in Unicode normalization: promptexp cannot tell them apart; rename or remove one (git mv)"
        case .symbolicLink(let path):
            return
                "\(path): a symbolic link in git; promptexp reads and commits regular files only (replace the link with the file itself)"
        }
    }

    public var errorDescription: String? { description }
}
