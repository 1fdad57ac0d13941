public import Foundation
public import PromptExpKit

/// A temporary git repository built with promptexp's own Git module, plus the real `git`
/// command as the oracle that checks what we wrote.
public final class ScratchRepository: @unchecked Sendable {
    // @unchecked: each test owns its scratch repository and uses it from one task.
    public let directory: TemporaryDirectory
    public let home: TemporaryDirectory
    public let repository: Repository

    public var root: URL { directory.url }

    /// An empty folder that stands in for the developer's home and /etc for libgit2, so
    /// their git config (identity, autocrlf, hooks paths) never leaks into a test.
    private static let isolation: Result<TemporaryDirectory, any Error> = Result {
        let folder = try TemporaryDirectory(prefix: "promptexp-gitconfig")
        try GitConfigIsolation.readConfig(from: folder.url)
        return folder
    }

    /// A new repository on branch `main` with a fixed author in its local config.
    public init(identity: Bool = true) throws {
        _ = try Self.isolation.get()
        directory = try TemporaryDirectory(prefix: "promptexp-repo")
        home = try TemporaryDirectory(prefix: "promptexp-home")
        repository = try Repository.create(at: directory.url, initialBranch: "main")
        if identity {
            try repository.setLocalConfig("user.name", "Test Author")
            try repository.setLocalConfig("user.email", "author@example.com")
        }
    }

    /// Writes a file in the working tree.
    public func write(_ path: String, _ text: String) throws {
        try directory.write(path, text)
    }

    public func read(_ path: String) throws -> String {
        try directory.read(path)
    }

    /// Commits files (path → text) on the current branch through promptexp's Git module.
    @discardableResult
    public func commit(_ files: [String: String], message: String) throws -> ObjectID {
        let branch = try repository.currentBranch() ?? "main"
        let changes = files.keys.sorted().map { FileChange.write($0, files[$0] ?? "") }
        return try repository.commit(changes, on: branch, message: message)
    }

    /// The project's own prompts/, datasets/ and .promptexp/config.yaml, as path → text.
    public static func projectExamples() throws -> [String: String] {
        var files: [String: String] = [:]
        let manager = FileManager.default
        for folder in ["prompts", "datasets"] {
            let source = PackagePaths.root.appendingPathComponent(folder)
            guard let walker = manager.enumerator(at: source, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker
            where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = String(url.path.dropFirst(PackagePaths.root.path.count + 1))
                files[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        files[".promptexp/config.yaml"] = try String(
            contentsOf: PackagePaths.root.appendingPathComponent(".promptexp/config.yaml"), encoding: .utf8)
        return files
    }

    /// Writes the project's own examples into the working tree.
    public func writeProjectExamples() throws {
        for (path, text) in try Self.projectExamples() { try write(path, text) }
    }

    /// Commits the project's own examples through promptexp's Git module.
    @discardableResult
    public func commitProjectExamples(message: String = "add examples") throws -> ObjectID {
        try commit(Self.projectExamples(), message: message)
    }

    /// Runs the real `git` in the repository and returns its stdout; throws on a non-zero exit.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        let result = try gitResult(arguments)
        guard result.status == 0 else {
            throw OracleError(command: "git " + arguments.joined(separator: " "), result: result)
        }
        return result.standardOutput
    }

    /// Runs the real `git` and returns the whole result, whatever the exit code.
    public func gitResult(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: root,
            environment: ProcessInfo.processInfo.environment.merging(
                ProcessRunner.isolatedEnvironment(home: home.url), uniquingKeysWith: { _, new in new }),
            timeout: 60)
    }

    public struct OracleError: Error, CustomStringConvertible {
        public let command: String
        public let result: ProcessResult
        public var description: String {
            "\(command) exited \(result.status): \(result.standardError)"
        }
    }
}

extension ScratchRepository {
    /// Commits everything in the working tree with the real `git`, at a fixed date, so
    /// commit ids and dates are the same on every run (for snapshots of CLI output).
    @discardableResult
    public func gitCommitAll(_ message: String, date: String) throws -> String {
        try git("add", "-A")
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git", "commit", "-q", "-m", message], in: root,
            environment: ProcessRunner.isolatedEnvironment(
                home: home.url,
                extra: [
                    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
                    "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
                    "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                ]))
        guard result.status == 0 else { throw OracleError(command: "git commit", result: result) }
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
