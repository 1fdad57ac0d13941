internal import CLibGit2
import Foundation

extension Repository {
    /// Commits `changes` on top of branch `branch` and returns the new commit.
    ///
    /// The tree is built from the branch tip plus the changes alone, so whatever else the
    /// user has staged stays staged and out of this commit. When `branch` is the one HEAD
    /// is on, the files are also written to the working tree and their index entries
    /// updated, so `git status` shows them clean. The author is git config's
    /// `user.name`/`user.email`.
    ///
    /// The steps are ordered so that a kill between any two leaves a state the next run
    /// completes: the commit object first (unreachable until the ref moves), then the
    /// working files and the index, and the branch ref last. A kill before the ref moves
    /// leaves the changes staged on the old tip, so the next run commits them again; the
    /// opposite order could leave HEAD ahead of an index that still holds the old files,
    /// which the user's next `git commit` would silently revert.
    @discardableResult
    public func commit(_ changes: [FileChange], on branch: String, message: String) throws(GitError) -> ObjectID {
        let signature = try defaultSignature()
        defer { git_signature_free(signature) }

        let parent = try branchTip(branch)
        let tree = try writeTree(applying: changes, onto: parent)

        var treeOID = tree.oid
        var treeHandle: OpaquePointer?
        try GitLibrary.check(git_tree_lookup(&treeHandle, pointer, &treeOID), "read the new tree")
        defer { git_tree_free(treeHandle) }

        var parents: [OpaquePointer?] = []
        defer { for parent in parents { git_commit_free(parent) } }
        if let parent { parents.append(try lookupCommit(parent)) }

        var commitOID = git_oid()
        let code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &commitOID, pointer, nil, signature, signature, nil, message,
                treeHandle, buffer.count, buffer.baseAddress)
        }
        try GitLibrary.check(code, "commit on \(branch)")
        let commit = ObjectID(commitOID)
        checkpoint("commit-object-written")

        if try currentBranch() == branch {
            try writeWorkingFiles(changes)
            checkpoint("index-written")
        }
        try moveBranch(
            branch, to: commit, from: parent, reflogMessage: "commit: " + (message.split(separator: "\n").first ?? ""))
        checkpoint("branch-moved")
        return commit
    }

    /// Points `branch` at `commit`, but only while it still points at `expected` (nil: the
    /// branch does not exist yet), so a concurrent commit is never overwritten.
    func moveBranch(_ branch: String, to commit: ObjectID, from expected: ObjectID?, reflogMessage: String)
        throws(GitError)
    {
        var target = commit.oid
        var reference: OpaquePointer?
        let code: Int32
        if let expected {
            var current = expected.oid
            code = git_reference_create_matching(
                &reference, pointer, "refs/heads/\(branch)", &target, 1, &current, reflogMessage)
        } else {
            code = git_reference_create(&reference, pointer, "refs/heads/\(branch)", &target, 0, reflogMessage)
        }
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue { throw .branchMoved(branch: branch) }
        try GitLibrary.check(code, "move \(branch) to \(commit.short)")
        git_reference_free(reference)
    }

    /// Writes the changes into a tree built from `parent`'s tree, in memory.
    private func writeTree(applying changes: [FileChange], onto parent: ObjectID?) throws(GitError) -> ObjectID {
        var index: OpaquePointer?
        try GitLibrary.check(git_index_new(&index), "create an index")
        defer { git_index_free(index) }
        if let parent {
            let commit = try lookupCommit(parent)
            defer { git_commit_free(commit) }
            var tree: OpaquePointer?
            try GitLibrary.check(git_commit_tree(&tree, commit), "read the tree of \(parent.short)")
            defer { git_tree_free(tree) }
            try GitLibrary.check(git_index_read_tree(index, tree), "load the tree of \(parent.short)")
        }
        for change in changes {
            guard let blob = try storeBlob(for: change) else {
                let removed = git_index_remove(index, change.path, 0)
                if !GitLibrary.isNotFound(removed) { try GitLibrary.check(removed, "remove \(change.path)") }
                continue
            }
            // Keep an executable bit the file already had.
            let existingMode = git_index_get_bypath(index, change.path, 0)?.pointee.mode
            var entry = git_index_entry()
            entry.mode = existingMode ?? GIT_FILEMODE_BLOB.rawValue
            entry.id = blob
            let added = change.path.withCString { path -> Int32 in
                entry.path = path
                return git_index_add(index, &entry)
            }
            try GitLibrary.check(added, "stage \(change.path)")
        }
        var tree = git_oid()
        try GitLibrary.check(git_index_write_tree_to(&tree, index, pointer), "write the tree")
        return ObjectID(tree)
    }

    /// Writes a change's content as a blob; nil for a deletion.
    private func storeBlob(for change: FileChange) throws(GitError) -> git_oid? {
        var blob = git_oid()
        let code: Int32
        switch change.content {
        case .bytes(let contents):
            code = contents.withUnsafeBytes { buffer in
                git_blob_create_from_buffer(&blob, pointer, buffer.baseAddress, buffer.count)
            }
        case .workingFile:
            code = git_blob_create_from_disk(&blob, pointer, workingFile(change.path).path)
        case .deleted:
            return nil
        }
        try GitLibrary.check(code, "store \(change.path)")
        return blob
    }

    /// Brings the working tree and the real index in line with changes already committed.
    private func writeWorkingFiles(_ changes: [FileChange]) throws(GitError) {
        for change in changes {
            let url = workingFile(change.path)
            do {
                switch change.content {
                case .bytes(let contents):
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try contents.write(to: url, options: .atomic)
                case .workingFile:
                    break
                case .deleted:
                    if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
                }
            } catch {
                throw .libgit2(operation: "write \(change.path)", code: -1, message: error.localizedDescription)
            }
        }
        var index: OpaquePointer?
        try GitLibrary.check(git_repository_index(&index, pointer), "open the index")
        defer { git_index_free(index) }
        try GitLibrary.check(git_index_read(index, 0), "read the index")
        for change in changes {
            if change.content != .deleted {
                try GitLibrary.check(git_index_add_bypath(index, change.path), "stage \(change.path)")
            } else {
                let code = git_index_remove_bypath(index, change.path)
                if !GitLibrary.isNotFound(code) { try GitLibrary.check(code, "unstage \(change.path)") }
            }
        }
        try GitLibrary.check(git_index_write(index), "write the index")
    }

    /// The author and committer from git config; the caller frees it.
    private func defaultSignature() throws(GitError) -> UnsafeMutablePointer<git_signature> {
        var signature: UnsafeMutablePointer<git_signature>?
        let code = git_signature_default(&signature, pointer)
        if GitLibrary.isNotFound(code) { throw .noIdentity }
        try GitLibrary.check(code, "read the author from git config")
        guard let signature else { throw .noIdentity }
        return signature
    }
}
