internal import CLibGit2
public import Foundation

extension Repository {
    /// Resolves any revision git understands (`main`, `HEAD~2`, a tag, a short id) to a commit.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        if GitLibrary.isNotFound(code) || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw .unknownRevision(revision)
        }
        try GitLibrary.check(code, "resolve '\(revision)'")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled == GIT_EINVALIDSPEC.rawValue || peeled == GIT_EPEEL.rawValue { throw .unknownRevision(revision) }
        try GitLibrary.check(peeled, "resolve '\(revision)' to a commit")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// The commit HEAD points at, or nil on a branch with no commits yet.
    public func headCommit() throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, "HEAD")
        if GitLibrary.isNotFound(code) || code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try GitLibrary.check(code, "read HEAD")
        return ObjectID(oid)
    }

    /// Reads a commit's metadata.
    public func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        return Self.info(of: commit)
    }

    /// The id of the blob at `path` in `commit`, or nil when the path is absent or not a file.
    public func blobID(at path: String, in commit: ObjectID) throws(GitError) -> ObjectID? {
        let commitHandle = try lookupCommit(commit)
        defer { git_commit_free(commitHandle) }
        var tree: OpaquePointer?
        try GitLibrary.check(git_commit_tree(&tree, commitHandle), "read the tree of \(commit.short)")
        defer { git_tree_free(tree) }
        return try Self.blobID(at: path, in: tree)
    }

    /// The bytes of a blob.
    public func blobData(_ id: ObjectID) throws(GitError) -> Data {
        var oid = id.oid
        var blob: OpaquePointer?
        try GitLibrary.check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let bytes = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: bytes, count: size)
    }

    /// The content of `path` at `commit`, or nil when the commit has no such file.
    public func fileData(at path: String, in commit: ObjectID) throws(GitError) -> Data? {
        guard let blob = try blobID(at: path, in: commit) else { return nil }
        return try blobData(blob)
    }

    /// The id git would give `data` as a blob, without writing it.
    public static func hashBlob(_ data: Data) -> ObjectID {
        GitLibrary.ensureInitialized()
        var oid = git_oid()
        data.withUnsafeBytes { buffer in
            _ = git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB)
        }
        return ObjectID(oid)
    }

    /// The id git would give the file at `url` as a blob, read as a stream (no filters).
    public static func hashFile(_ url: URL) throws(GitError) -> ObjectID {
        GitLibrary.ensureInitialized()
        var oid = git_oid()
        try GitLibrary.check(git_odb_hashfile(&oid, url.path, GIT_OBJECT_BLOB), "hash \(url.path)")
        return ObjectID(oid)
    }

    /// The names of the entries of folder `path` in a commit (files and folders), sorted;
    /// empty when there is no such folder. Reads only that one tree.
    public func entryNames(in path: String, at commit: ObjectID) throws(GitError) -> [String] {
        let commitHandle = try lookupCommit(commit)
        defer { git_commit_free(commitHandle) }
        var root: OpaquePointer?
        try GitLibrary.check(git_commit_tree(&root, commitHandle), "read the tree of \(commit.short)")
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, path)
        if GitLibrary.isNotFound(code) { return [] }
        try GitLibrary.check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE, let id = git_tree_entry_id(entry) else { return [] }
        var oid = id.pointee
        var tree: OpaquePointer?
        try GitLibrary.check(git_tree_lookup(&tree, pointer, &oid), "read \(path)")
        defer { git_tree_free(tree) }
        var names: [String] = []
        for index in 0..<git_tree_entrycount(tree) {
            if let child = git_tree_entry_byindex(tree, index) {
                names.append(String(cString: git_tree_entry_name(child)))
            }
        }
        return names.sorted()
    }

    /// Every file path in a commit's tree, sorted.
    public func filePaths(in commit: ObjectID, under prefix: String = "") throws(GitError) -> [String] {
        let commitHandle = try lookupCommit(commit)
        defer { git_commit_free(commitHandle) }
        var tree: OpaquePointer?
        try GitLibrary.check(git_commit_tree(&tree, commitHandle), "read the tree of \(commit.short)")
        defer { git_tree_free(tree) }
        final class Collector { var paths: [String] = [] }
        let collector = Collector()
        let code = withExtendedLifetime(collector) { () -> Int32 in
            git_tree_walk(
                tree, GIT_TREEWALK_PRE,
                { root, entry, payload in
                    guard let entry, let payload, git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return 0 }
                    let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                    let directory = root.map { String(cString: $0) } ?? ""
                    collector.paths.append(directory + String(cString: git_tree_entry_name(entry)))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        try GitLibrary.check(code, "list the files of \(commit.short)")
        return collector.paths.filter { prefix.isEmpty || $0.hasPrefix(prefix) }.sorted()
    }

    // MARK: - Internals shared by the other extensions

    /// Looks up a commit; the caller frees it.
    func lookupCommit(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, pointer, &oid)
        if GitLibrary.isNotFound(code) { throw .unknownRevision(id.hex) }
        try GitLibrary.check(code, "read commit \(id.short)")
        guard let commit else { throw .unknownRevision(id.hex) }
        return commit
    }

    static func blobID(at path: String, in tree: OpaquePointer?) throws(GitError) -> ObjectID? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        // A link's blob holds its target's path: read as the file, it would be a prompt
        // the gate never checked.
        if git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK { throw .symbolicLink(path: path) }
        return ObjectID(git_tree_entry_id(entry))
    }

    static func info(of commit: OpaquePointer) -> CommitInfo {
        let author = git_commit_author(commit)?.pointee
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let parent = git_commit_parent_id(commit, index) { parents.append(ObjectID(parent)) }
        }
        return CommitInfo(
            id: ObjectID(git_commit_id(commit)),
            parents: parents,
            authorName: author?.name.map { String(cString: $0) } ?? "",
            authorEmail: author?.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(author?.when.time ?? 0)),
            timeZoneOffsetMinutes: Int(author?.when.offset ?? 0),
            message: git_commit_message(commit).map { String(cString: $0) } ?? ""
        )
    }
}
