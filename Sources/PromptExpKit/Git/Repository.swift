internal import CLibGit2
public import Foundation

/// An open git repository with a working tree: the one owner of its libgit2 handle.
///
/// Not `Sendable`: libgit2 allows one thread at a time per repository handle, so a
/// `Repository` stays inside the task that opened it and hands out value types.
public final class Repository {
    let pointer: OpaquePointer

    /// The working tree's root folder.
    public let workingDirectory: URL

    /// Called with a step's name as each step of a multi-step write (a commit) completes.
    /// For tests that kill the process between steps; nil otherwise.
    public var onCheckpoint: ((String) -> Void)?

    public func checkpoint(_ step: String) {
        onCheckpoint?(step)
    }

    private init(pointer: OpaquePointer) throws(GitError) {
        self.pointer = pointer
        guard let workdir = git_repository_workdir(pointer) else {
            let path = String(cString: git_repository_path(pointer))
            git_repository_free(pointer)
            throw .bareRepository(path: path)
        }
        self.workingDirectory =
            URL(fileURLWithPath: String(cString: workdir), isDirectory: true)
            .standardizedFileURL
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository that contains `path`, searching upwards as `git` does.
    public static func discover(from path: URL) throws(GitError) -> Repository {
        GitLibrary.ensureInitialized()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path.path, 0, nil)
        if GitLibrary.isNotFound(code) { throw .notARepository(path: path.path) }
        if code == GIT_EOWNER.rawValue { throw .notOwned(path: path.path) }
        try GitLibrary.check(code, "open the repository at \(path.path)")
        guard let handle else { throw .notARepository(path: path.path) }
        return try Repository(pointer: handle)
    }

    /// Creates a new non-bare repository at `path` whose first branch is `initialBranch`.
    public static func create(at path: URL, initialBranch: String = "main") throws(GitError) -> Repository {
        GitLibrary.ensureInitialized()
        var options = git_repository_init_options()
        try GitLibrary.check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "prepare repository options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var handle: OpaquePointer?
        let code = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&handle, path.path, &options)
        }
        try GitLibrary.check(code, "create a repository at \(path.path)")
        guard let handle else { throw .notARepository(path: path.path) }
        return try Repository(pointer: handle)
    }

    /// The repository's `.git` folder, where promptexp keeps caches no commit should hold.
    public var gitDirectory: URL {
        URL(fileURLWithPath: String(cString: git_repository_path(pointer)), isDirectory: true)
    }

    /// The path of `url` relative to the working tree root, with `/` separators.
    public func relativePath(of url: URL) -> String? {
        let root = workingDirectory.resolvingSymlinksInPath().path
        let target = url.standardizedFileURL.resolvingSymlinksInPath().path
        if target == root { return "" }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// The file URL of a repository-relative path in the working tree.
    public func workingFile(_ relativePath: String) -> URL {
        workingDirectory.appendingPathComponent(relativePath)
    }

    /// A value from git config (repository, global and system levels, as git reads them).
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try GitLibrary.check(git_repository_config_snapshot(&config, pointer), "read git config")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let code = git_config_get_string(&value, config, key)
        if GitLibrary.isNotFound(code) { return nil }
        try GitLibrary.check(code, "read git config \(key)")
        return value.map { String(cString: $0) }
    }
}

extension Repository {
    /// Sets a value in the repository's own config (`.git/config`).
    public func setLocalConfig(_ key: String, _ value: String) throws(GitError) {
        var config: OpaquePointer?
        try GitLibrary.check(git_repository_config(&config, pointer), "open git config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try GitLibrary.check(
            git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "open the repository's config")
        defer { git_config_free(local) }
        try GitLibrary.check(git_config_set_string(local, key, value), "set \(key)")
    }
}
