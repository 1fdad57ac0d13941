internal import CLibGit2

extension Repository {
    /// The branch HEAD is on (short name, such as `main`), even before its first commit;
    /// nil when HEAD is detached.
    public func currentBranch() throws(GitError) -> String? {
        var head: OpaquePointer?
        try GitLibrary.check(git_reference_lookup(&head, pointer, "HEAD"), "read HEAD")
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC,
            let target = git_reference_symbolic_target(head)
        else { return nil }
        let name = String(cString: target)
        let prefix = "refs/heads/"
        return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }

    /// The commit a local branch points at, or nil when there is no such branch.
    public func branchTip(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, "refs/heads/\(name)")
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "read branch \(name)")
        return ObjectID(oid)
    }

    /// Local branch names, sorted; with `prefix`, only those that start with it.
    public func branches(prefix: String = "") throws(GitError) -> [String] {
        var iterator: OpaquePointer?
        try GitLibrary.check(git_branch_iterator_new(&iterator, pointer, GIT_BRANCH_LOCAL), "list branches")
        defer { git_branch_iterator_free(iterator) }
        var names: [String] = []
        var reference: OpaquePointer?
        var type = GIT_BRANCH_LOCAL
        while true {
            let code = git_branch_next(&reference, &type, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try GitLibrary.check(code, "list branches")
            defer { git_reference_free(reference) }
            var name: UnsafePointer<CChar>?
            try GitLibrary.check(git_branch_name(&name, reference), "read a branch name")
            if let name {
                let text = String(cString: name)
                if text.hasPrefix(prefix) { names.append(text) }
            }
        }
        return names.sorted()
    }

    /// Creates branch `name` at `commit`; refuses when it exists.
    public func createBranch(_ name: String, at commit: ObjectID) throws(GitError) {
        let target = try lookupCommit(commit)
        defer { git_commit_free(target) }
        var reference: OpaquePointer?
        let code = git_branch_create(&reference, pointer, name, target, 0)
        if code == GIT_EEXISTS.rawValue { throw .branchExists(name) }
        try GitLibrary.check(code, "create branch \(name)")
        git_reference_free(reference)
    }

    /// Deletes a local branch (not the one HEAD is on).
    public func deleteBranch(_ name: String) throws(GitError) {
        var reference: OpaquePointer?
        let code = git_branch_lookup(&reference, pointer, name, GIT_BRANCH_LOCAL)
        if GitLibrary.isNotFound(code) { throw .unknownBranch(name) }
        try GitLibrary.check(code, "find branch \(name)")
        defer { git_reference_free(reference) }
        try GitLibrary.check(git_branch_delete(reference), "delete branch \(name)")
    }

    /// Checks out branch `name` and points HEAD at it.
    ///
    /// Refuses, naming the files, when tracked files have uncommitted changes; untracked
    /// files that the branch would overwrite make libgit2's safe checkout refuse as well.
    public func switchBranch(to name: String) throws(GitError) {
        guard let tip = try branchTip(name) else { throw .unknownBranch(name) }
        try requireClean()
        let commit = try lookupCommit(tip)
        defer { git_commit_free(commit) }
        var options = git_checkout_options()
        try GitLibrary.check(
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare checkout")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        let code = git_checkout_tree(pointer, commit, &options)
        if code == GIT_ECONFLICT.rawValue {
            throw GitLibrary.lastError(code: code, operation: "switch to \(name) without overwriting local files")
        }
        try GitLibrary.check(code, "check out \(name)")
        try GitLibrary.check(git_repository_set_head(pointer, "refs/heads/\(name)"), "point HEAD at \(name)")
    }

    /// Moves branch `name` to `commit` only when that is a fast-forward; returns false otherwise.
    public func fastForward(branch name: String, to commit: ObjectID) throws(GitError) -> Bool {
        guard let tip = try branchTip(name) else { throw .unknownBranch(name) }
        if tip == commit { return true }
        guard try isAncestor(tip, of: commit) else { return false }
        try moveBranch(name, to: commit, from: tip, reflogMessage: "promptexp: fast-forward")
        return true
    }

    /// Fast-forwards the checked-out branch to `commit`, bringing the working tree along
    /// with a safe checkout; false (and nothing changed) when it is not a fast-forward.
    public func fastForwardCheckedOutBranch(to commit: ObjectID) throws(GitError) -> Bool {
        guard let name = try currentBranch(), let tip = try branchTip(name) else { throw .noCommits }
        if tip == commit { return true }
        guard try isAncestor(tip, of: commit) else { return false }
        try requireClean()
        let target = try lookupCommit(commit)
        defer { git_commit_free(target) }
        var options = git_checkout_options()
        try GitLibrary.check(
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare checkout")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        try GitLibrary.check(git_checkout_tree(pointer, target, &options), "update the working tree of \(name)")
        try moveBranch(name, to: commit, from: tip, reflogMessage: "promptexp: fast-forward")
        return true
    }

    /// True when `ancestor` is reachable from `descendant`.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        var one = descendant.oid
        var two = ancestor.oid
        let code = git_graph_descendant_of(pointer, &one, &two)
        try GitLibrary.check(code, "compare \(ancestor.short) and \(descendant.short)")
        return code == 1
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var first = one.oid
        var second = two.oid
        let code = git_merge_base(&out, pointer, &first, &second)
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "find the merge base of \(one.short) and \(two.short)")
        return ObjectID(out)
    }

    /// Throws when a merge, rebase, cherry-pick, revert, bisect or `git am` is in progress:
    /// a command that switches branches or commits must not start then, as git refuses.
    public func requireNoOperationInProgress() throws(GitError) {
        let state = git_repository_state(pointer)
        let name: String? =
            switch git_repository_state_t(rawValue: UInt32(bitPattern: state)) {
            case GIT_REPOSITORY_STATE_NONE: nil
            case GIT_REPOSITORY_STATE_MERGE: "merge"
            case GIT_REPOSITORY_STATE_REVERT, GIT_REPOSITORY_STATE_REVERT_SEQUENCE: "revert"
            case GIT_REPOSITORY_STATE_CHERRYPICK, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: "cherry-pick"
            case GIT_REPOSITORY_STATE_BISECT: "bisect"
            case GIT_REPOSITORY_STATE_REBASE, GIT_REPOSITORY_STATE_REBASE_INTERACTIVE,
                GIT_REPOSITORY_STATE_REBASE_MERGE:
                "rebase"
            case GIT_REPOSITORY_STATE_APPLY_MAILBOX, GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: "git am"
            default: "git operation"
            }
        if let name { throw .operationInProgress(name) }
    }

    /// The folder of another worktree that has `branch` checked out, or nil when none has.
    public func otherWorktree(checkingOut branch: String) throws(GitError) -> String? {
        var names = git_strarray()
        try GitLibrary.check(git_worktree_list(&names, pointer), "list worktrees")
        defer { git_strarray_dispose(&names) }
        for index in 0..<names.count {
            guard let name = names.strings[index] else { continue }
            var worktree: OpaquePointer?
            guard git_worktree_lookup(&worktree, pointer, name) == 0 else { continue }
            defer { git_worktree_free(worktree) }
            // A worktree whose folder is gone (prunable) holds nothing.
            guard git_worktree_validate(worktree) == 0 else { continue }
            var repository: OpaquePointer?
            guard git_repository_open_from_worktree(&repository, worktree) == 0 else { continue }
            defer { git_repository_free(repository) }
            var head: OpaquePointer?
            guard git_reference_lookup(&head, repository, "HEAD") == 0 else { continue }
            defer { git_reference_free(head) }
            guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head),
                String(cString: target) == "refs/heads/\(branch)", let path = git_worktree_path(worktree)
            else { continue }
            return String(cString: path)
        }
        return nil
    }
}
