internal import CLibGit2
import Foundation

/// One commit on a first-parent history where a file took a new content.
public struct FileRevision: Hashable, Sendable {
    public let commit: CommitInfo
    /// The file's blob in that commit.
    public let blob: ObjectID
}

extension Repository {
    /// The commits on `start`'s first-parent history in which `path` took a new blob,
    /// newest first. A deletion is not a revision; a file re-added after one is.
    public func fileHistory(of path: String, from start: ObjectID) throws(GitError) -> [FileRevision] {
        var walker: OpaquePointer?
        try GitLibrary.check(git_revwalk_new(&walker, pointer), "start a history walk")
        defer { git_revwalk_free(walker) }
        try GitLibrary.check(git_revwalk_simplify_first_parent(walker), "restrict the walk to first parents")
        var startOID = start.oid
        try GitLibrary.check(git_revwalk_push(walker, &startOID), "walk from \(start.short)")

        var revisions: [FileRevision] = []
        // The newer commit seen last and its blob: it is a revision when its own first
        // parent (the commit we read next) holds a different blob.
        var pending: (commit: OpaquePointer, blob: git_oid)?
        defer { if let pending { git_commit_free(pending.commit) } }

        var oid = git_oid()
        while true {
            let next = git_revwalk_next(&oid, walker)
            if next == GIT_ITEROVER.rawValue { break }
            try GitLibrary.check(next, "walk the history of \(path)")
            var commit: OpaquePointer?
            try GitLibrary.check(git_commit_lookup(&commit, pointer, &oid), "read commit")
            guard let commit else { continue }
            let blob: git_oid?
            do {
                blob = try Self.rawBlobID(at: path, inCommit: commit)
            } catch {
                git_commit_free(commit)
                throw error
            }
            if let held = pending {
                if blob.map({ !Self.equal(held.blob, $0) }) ?? true {
                    revisions.append(FileRevision(commit: Self.info(of: held.commit), blob: ObjectID(held.blob)))
                }
                git_commit_free(held.commit)
                pending = nil
            }
            if let blob {
                pending = (commit, blob)
            } else {
                git_commit_free(commit)
            }
        }
        if let held = pending {
            // The oldest commit that still had the file: its first version.
            revisions.append(FileRevision(commit: Self.info(of: held.commit), blob: ObjectID(held.blob)))
        }
        return revisions
    }

    private static func rawBlobID(at path: String, inCommit commit: OpaquePointer) throws(GitError) -> git_oid? {
        var tree: OpaquePointer?
        try GitLibrary.check(git_commit_tree(&tree, commit), "read a commit's tree")
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = git_tree_entry_id(entry) else { return nil }
        return id.pointee
    }

    private static func equal(_ lhs: git_oid, _ rhs: git_oid) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return git_oid_equal(&lhs, &rhs) != 0
    }
}
