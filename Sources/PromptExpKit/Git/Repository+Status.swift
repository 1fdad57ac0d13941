internal import CLibGit2

extension Repository {
    /// The working tree's status against HEAD and the index.
    public func status() throws(GitError) -> WorkingTreeStatus {
        var options = git_status_options()
        try GitLibrary.check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "prepare status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try GitLibrary.check(git_status_list_new(&list, pointer, &options), "read the working tree status")
        defer { git_status_list_free(list) }

        let stagedFlags =
            GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue
            | GIT_STATUS_INDEX_DELETED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue
            | GIT_STATUS_INDEX_TYPECHANGE.rawValue
        let modifiedFlags =
            GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
            | GIT_STATUS_WT_RENAMED.rawValue | GIT_STATUS_WT_TYPECHANGE.rawValue

        var status = WorkingTreeStatus()
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee else { continue }
            let flags = entry.status.rawValue
            let delta = entry.head_to_index ?? entry.index_to_workdir
            guard let delta, let rawPath = delta.pointee.new_file.path ?? delta.pointee.old_file.path else { continue }
            let path = String(cString: rawPath)
            if flags & GIT_STATUS_CONFLICTED.rawValue != 0 {
                status.conflicted.append(path)
                continue
            }
            if flags & stagedFlags != 0 { status.staged.append(path) }
            if flags & modifiedFlags != 0 { status.modified.append(path) }
            if flags & GIT_STATUS_WT_NEW.rawValue != 0 { status.untracked.append(path) }
        }
        return status
    }

    /// Throws `dirtyWorkingTree` naming the files when tracked files have uncommitted changes.
    /// With `paths`, only those files count.
    public func requireClean(paths: [String]? = nil) throws(GitError) {
        var dirty = try status().dirtyFiles
        if let paths {
            let wanted = Set(paths)
            dirty = dirty.filter(wanted.contains)
        }
        if !dirty.isEmpty { throw .dirtyWorkingTree(files: dirty) }
    }
}
