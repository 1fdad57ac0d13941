import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Commands that switch branches, commit or move refs refuse where git would: during a
/// merge or a rebase, for a branch checked out in another worktree, and on a `.git` they
/// cannot write, each with one `error:` line.
@Suite struct GitStateTests {
    private func project() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        return scratch
    }

    /// Leaves `scratch` in the middle of a conflicted merge of branch `other` into main.
    private func startConflictedMerge(_ scratch: ScratchRepository) throws {
        try scratch.git("checkout", "-q", "-b", "other")
        try scratch.write("notes.txt", "theirs\n")
        try scratch.git("add", "notes.txt")
        try scratch.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "theirs")
        try scratch.git("checkout", "-q", "main")
        try scratch.write("notes.txt", "ours\n")
        try scratch.git("add", "notes.txt")
        try scratch.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "ours")
        let merge = try scratch.gitResult(["-c", "user.name=T", "-c", "user.email=t@e", "merge", "other"])
        #expect(merge.status != 0)
    }

    @Test func expNewAndPromptTagRefuseDuringAMerge() async throws {
        let scratch = try project()
        try startConflictedMerge(scratch)
        let new = await CommandHarness.run(["exp", "new", "x", "--prompt", "support/reply", "-C", scratch.root.path])
        #expect(new.exitCode == 1)
        #expect(new.error == "error: a merge is in progress: finish it (or abort it) first, as git would ask")
        let tag = await CommandHarness.run(["prompt", "tag", "support/reply", "beta", "-C", scratch.root.path])
        #expect(tag.error == "error: a merge is in progress: finish it (or abort it) first, as git would ask")
        #expect(try scratch.git("branch", "--list", "exp/*") == "")
    }

    @Test func expNewRefusesDuringARebase() async throws {
        let scratch = try project()
        try startConflictedMerge(scratch)
        try scratch.git("merge", "--abort")
        let rebase = try scratch.gitResult(["-c", "user.name=T", "-c", "user.email=t@e", "rebase", "other"])
        #expect(rebase.status != 0)
        let new = await CommandHarness.run(["exp", "new", "x", "--prompt", "support/reply", "-C", scratch.root.path])
        #expect(new.error == "error: a rebase is in progress: finish it (or abort it) first, as git would ask")
    }

    @Test func promoteRefusesABranchCheckedOutInAnotherWorktree() async throws {
        let scratch = try project()
        let new = await CommandHarness.run(["exp", "new", "x", "--prompt", "support/reply", "-C", scratch.root.path])
        #expect(new.exitCode == 0, "\(new.standardError)")
        let other = try TemporaryDirectory(prefix: "promptexp-worktree")
        let worktree = other.url.appendingPathComponent("main-tree").path
        try scratch.git("worktree", "add", "-q", worktree, "main")
        let mainBefore = try scratch.git("rev-parse", "main")
        let promote = await CommandHarness.run(["exp", "promote", "x", "-C", scratch.root.path])
        #expect(promote.exitCode == 1)
        #expect(
            promote.error
                == "error: branch 'main' is checked out in another worktree (\(worktree)): switch that worktree away first"
        )
        #expect(try scratch.git("rev-parse", "main") == mainBefore)
    }

    /// Runs the binary as a user who cannot write `.git` (as root, `nobody` through
    /// setpriv, since root writes anywhere).
    @Test func aReadOnlyGitFolderGivesOneErrorLine() throws {
        let scratch = try project()
        let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        var command = [PackagePaths.binary.path]
        if getuid() == 0 {
            try #require(
                FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                "setpriv (util-linux) runs the test as nobody")
            for path in [scratch.root.path, scratch.home.url.path] {
                _ = try ProcessRunner.run(URL(fileURLWithPath: "/bin/chown"), ["-R", "65534:65534", path])
            }
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        _ = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/chmod"), ["-R", "a-w", scratch.root.appendingPathComponent(".git").path])
        defer {
            _ = try? ProcessRunner.run(
                URL(fileURLWithPath: "/bin/chmod"), ["-R", "u+w", scratch.root.appendingPathComponent(".git").path])
        }
        for arguments in [
            ["exp", "new", "x", "--prompt", "support/reply"], ["prompt", "tag", "support/reply", "beta"],
            ["run", "support/reply", "--quiet"],
        ] {
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: command[0]), Array(command.dropFirst()) + arguments, in: scratch.root,
                environment: environment)
            #expect(result.status == 1, "\(arguments): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(
                lines.count == 1 && lines.first?.hasPrefix("error: ") == true, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("ermission denied"), "\(arguments): \(result.standardError)")
            #expect(!result.standardError.contains("NSCocoaErrorDomain"))
        }
    }
}
