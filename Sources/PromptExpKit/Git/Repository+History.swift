internal import CLibGit2
import Foundation

/// One commit on a first-parent history where a file took a new content.
public struct FileRevision: Hashable, Sendable {
    public let commit: CommitInfo
    /// The file's blob in that commit.
    public let blob: ObjectID

    public init(commit: CommitInfo, blob: ObjectID) {
        self.commit = commit
        self.blob = blob
    }
}

/// The result of walking a file's first-parent history.
public struct FileHistoryWalk: Sendable {
    /// Revisions found, newest first; when `boundary` is set, only those above it.
    public var revisions: [FileRevision]
    /// The file's blob at the commit the walk started from (nil when absent there).
    public var blobAtStart: ObjectID?
    /// The boundary commit the walk stopped at, if it reached one.
    public var boundary: ObjectID?
    /// The walk reached the cut of a shallow clone (a parent this clone does not have): the
    /// oldest revision listed may not be the file's first.
    public var reachedShallowCut = false
}

extension Repository {
    /// The commits on `start`'s first-parent history in which `path` took a new blob,
    /// newest first. A deletion is not a revision; a file re-added after one is.
    public func fileHistory(of path: String, from start: ObjectID) throws(GitError) -> [FileRevision] {
        try walkFileHistory(of: path, from: start).revisions
    }

    /// Walks `path`'s first-parent history from `start`, stopping early at the first commit
    /// found in `boundaries` (commit → the file's blob there), whose older revisions the
    /// caller already knows: the walk then returns only the revisions above it.
    public func walkFileHistory(
        of path: String, from start: ObjectID, boundaries: [ObjectID: ObjectID?] = [:]
    ) throws(GitError) -> FileHistoryWalk {
        var resolver = PathResolver(components: path.split(separator: "/").map(String.init), repository: pointer)
        var walk = FileHistoryWalk(revisions: [], blobAtStart: nil, boundary: nil)
        // The newer commit seen last and its blob: it is a revision when its own first
        // parent (the commit we read next) holds a different blob.
        var pending: (commit: OpaquePointer, blob: git_oid)?
        defer { if let pending { git_commit_free(pending.commit) } }
        let boundaryKeys = Dictionary(uniqueKeysWithValues: boundaries.map { (OIDKey($0.key.oid), $0.value) })

        // Following first parents by hand reads each commit once; a revwalk would parse
        // every commit for its own queue and again for our lookup.
        var next: git_oid? = start.oid
        var isStart = true
        while var oid = next {
            if let known = boundaryKeys[OIDKey(oid)] {
                if isStart { walk.blobAtStart = known }
                if let held = pending, known.map({ !Self.equal(held.blob, $0.oid) }) ?? true {
                    walk.revisions.append(FileRevision(commit: Self.info(of: held.commit), blob: ObjectID(held.blob)))
                }
                walk.boundary = ObjectID(oid)
                return walk
            }
            var handle: OpaquePointer?
            let found = git_commit_lookup(&handle, pointer, &oid)
            // A shallow clone (CI's default checkout) has commits whose parents it lacks:
            // the history there is is the history to work with.
            if GitLibrary.isNotFound(found), !isStart {
                walk.reachedShallowCut = true
                break
            }
            try GitLibrary.check(found, "read commit \(ObjectID(oid).short)")
            guard let commit = handle else { break }
            next = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0)?.pointee : nil
            var blob: git_oid?
            if let tree = git_commit_tree_id(commit)?.pointee {
                do {
                    blob = try resolver.blob(inTree: tree)
                } catch {
                    git_commit_free(commit)
                    throw error
                }
            }
            if isStart { walk.blobAtStart = blob.map(ObjectID.init) }
            isStart = false
            if let held = pending {
                if blob.map({ !Self.equal(held.blob, $0) }) ?? true {
                    walk.revisions.append(FileRevision(commit: Self.info(of: held.commit), blob: ObjectID(held.blob)))
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
            walk.revisions.append(FileRevision(commit: Self.info(of: held.commit), blob: ObjectID(held.blob)))
        }
        return walk
    }

    static func equal(_ lhs: git_oid, _ rhs: git_oid) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return git_oid_equal(&lhs, &rhs) != 0
    }
}

/// Finds a path's blob in many trees quickly: consecutive commits share most subtrees,
/// so each (tree, name) step is remembered and a subtree seen before is never read again.
private struct PathResolver {
    let components: [String]
    let repository: OpaquePointer
    /// Tree id → the entry for the next component: its id and whether it is a blob.
    private var steps: [[OIDKey: (id: git_oid, isBlob: Bool)?]]

    init(components: [String], repository: OpaquePointer) {
        self.components = components
        self.repository = repository
        self.steps = Array(repeating: [:], count: components.count)
    }

    mutating func blob(inTree root: git_oid) throws(GitError) -> git_oid? {
        var current = root
        for (depth, name) in components.enumerated() {
            let key = OIDKey(current)
            let step: (id: git_oid, isBlob: Bool)?
            if let known = steps[depth][key] {
                step = known
            } else {
                step = try lookup(name, inTree: current)
                steps[depth][key] = .some(step)
            }
            guard let step else { return nil }
            let isLast = depth == components.count - 1
            if isLast { return step.isBlob ? step.id : nil }
            if step.isBlob { return nil }
            current = step.id
        }
        return nil
    }

    private func lookup(_ name: String, inTree id: git_oid) throws(GitError) -> (id: git_oid, isBlob: Bool)? {
        var oid = id
        var tree: OpaquePointer?
        try GitLibrary.check(git_tree_lookup(&tree, repository, &oid), "read a tree")
        defer { git_tree_free(tree) }
        guard let entry = git_tree_entry_byname(tree, name), let entryID = git_tree_entry_id(entry) else { return nil }
        let type = git_tree_entry_type(entry)
        guard type == GIT_OBJECT_BLOB || type == GIT_OBJECT_TREE else { return nil }
        return (entryID.pointee, type == GIT_OBJECT_BLOB)
    }
}

/// A git object id as a cheap dictionary key (the 20 raw bytes as three integers).
private struct OIDKey: Hashable {
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (high, middle, low) = withUnsafeBytes(of: &copy.id) { bytes in
            (
                bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
    }
}
