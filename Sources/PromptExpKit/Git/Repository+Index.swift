internal import CLibGit2
public import Foundation

extension Repository {
    /// The staged files (path → blob id) under `prefix`, as the next commit would hold them.
    /// Read fresh from disk, so a `git add` made after the repository was opened is seen.
    /// `indexFile` is another index than the repository's: the one git hands a pre-commit
    /// hook in `GIT_INDEX_FILE` (`git commit -a` and `git commit FILE` stage there).
    public func indexEntries(under prefix: String = "", indexFile: URL? = nil) throws(GitError) -> [String: ObjectID] {
        var index: OpaquePointer?
        if let indexFile {
            try GitLibrary.check(git_index_open(&index, indexFile.path), "open the index \(indexFile.path)")
        } else {
            try GitLibrary.check(git_repository_index(&index, pointer), "open the index")
        }
        defer { git_index_free(index) }
        try GitLibrary.check(git_index_read(index, 1), "read the index")
        var entries: [String: ObjectID] = [:]
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position)?.pointee, let rawPath = entry.path else {
                continue
            }
            // Stage 0 only: conflicted entries have no single staged version.
            guard (UInt32(entry.flags) >> 12) & 0x3 == 0 else { continue }
            let path = String(cString: rawPath)
            if prefix.isEmpty || path.hasPrefix(prefix) {
                if let twin = entries.index(forKey: path), !entries.keys[twin].utf8.elementsEqual(path.utf8) {
                    throw .unicodeTwins(entries.keys[twin], path)
                }
                entries[path] = ObjectID(entry.id)
            }
        }
        return entries
    }

    /// The blob ids of the files under `prefix` in a commit's tree.
    public func fileBlobs(in commit: ObjectID, under prefix: String) throws(GitError) -> [String: ObjectID] {
        var blobs: [String: ObjectID] = [:]
        let paths = try filePaths(in: commit, under: prefix)
        if let (first, second) = UnicodeTwins.first(in: paths) { throw .unicodeTwins(first, second) }
        for path in paths {
            if let blob = try blobID(at: path, in: commit) { blobs[path] = blob }
        }
        return blobs
    }

    /// The commit the current branch's upstream points at (`branch@{upstream}`), or nil
    /// when HEAD is detached or the branch tracks nothing.
    public func upstreamTip() throws(GitError) -> ObjectID? {
        guard let branch = try currentBranch() else { return nil }
        var local: OpaquePointer?
        let found = git_branch_lookup(&local, pointer, branch, GIT_BRANCH_LOCAL)
        if GitLibrary.isNotFound(found) { return nil }
        try GitLibrary.check(found, "look up branch \(branch)")
        defer { git_reference_free(local) }
        var upstream: OpaquePointer?
        let code = git_branch_upstream(&upstream, local)
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "read the upstream of \(branch)")
        defer { git_reference_free(upstream) }
        var resolved: OpaquePointer?
        try GitLibrary.check(git_reference_resolve(&resolved, upstream), "resolve the upstream of \(branch)")
        defer { git_reference_free(resolved) }
        guard let target = git_reference_target(resolved) else { return nil }
        return ObjectID(target.pointee)
    }

    /// Where git keeps hooks: `core.hooksPath` when set (relative to the working tree, as
    /// git reads it), else `.git/hooks`.
    public func hooksDirectory() throws(GitError) -> URL {
        if let configured = try configString("core.hooksPath"), !configured.isEmpty {
            let expanded =
                configured.hasPrefix("~/")
                ? (ProcessInfo.processInfo.environment["HOME"] ?? "") + configured.dropFirst(1) : configured
            return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : workingFile(expanded)
        }
        return gitDirectory.appendingPathComponent("hooks")
    }
}
