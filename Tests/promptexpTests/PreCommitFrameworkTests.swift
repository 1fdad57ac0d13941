import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Whether the pre-commit framework (`pre-commit` from PyPI) is here: on PATH, or the
/// virtualenv `.ci/run` makes. Under CI it must be: the test then fails instead of hiding.
func preCommitExecutable() -> URL? {
    let candidates =
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pre-commit" }
        + ["/opt/promptexp-ci/venv/bin/pre-commit"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
}

func preCommitPresentOrCI() -> Bool {
    ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } == true || preCommitExecutable() != nil
}

/// `.pre-commit-hooks.yaml` through the real pre-commit framework: `pre-commit try-repo`
/// with this checkout as the hook repository (the hook that runs the promptexp on PATH; the
/// one that builds it with Swift runs the same command), in a scratch project, refuses a
/// staged change that makes a prompt worse and lets a harmless one through.
@Suite struct PreCommitFrameworkTests {
    @Test(.enabled(if: preCommitPresentOrCI(), "needs pre-commit (python3 -m venv … && pip install pre-commit)"))
    func tryRepoRefusesAWorseStagedPromptAndPassesAHarmlessOne() throws {
        let preCommit = try #require(preCommitExecutable(), "pre-commit is not installed")
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        try scratch.git("checkout", "-q", "-f", "main")
        var environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        environment["PATH"] = PackagePaths.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"
        // pre-commit keeps its clones of hook repositories here.
        environment["PRE_COMMIT_HOME"] = scratch.home.url.appendingPathComponent("pre-commit").path
        func tryRepo() throws -> ProcessResult {
            try ProcessRunner.run(
                preCommit, ["try-repo", PackagePaths.root.path, "promptexp-check-system"], in: scratch.root,
                environment: environment, timeout: 300)
        }

        // The customer's name dropped from the request: mentions-customer fails on every row.
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:\n", with: "A customer wrote:\n"))
        try scratch.git("add", path)
        let refused = try tryRepo()
        #expect(refused.status != 0, "\(refused.standardOutput)")
        #expect(refused.standardOutput.contains("promptexp check (prompt regressions)"))
        #expect(refused.standardOutput.contains("Failed"))
        #expect(refused.standardOutput.contains("regressed"), "\(refused.standardOutput)")

        // A change to the description only: every output is the same.
        try scratch.git("checkout", "-q", "HEAD", "--", path)
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "Replies to a customer", with: "Answers a customer"))
        try scratch.git("add", path)
        let passed = try tryRepo()
        #expect(passed.status == 0, "\(passed.standardOutput)\(passed.standardError)")
        #expect(passed.standardOutput.contains("Passed"))
    }

    /// The ids people already use stay: the one that builds promptexp with Swift and the one
    /// on PATH (tested above); the push hook runs the same binary.
    @Test func theHooksFileKeepsItsIdsAndAddsThePushHook() throws {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let ids = text.matches(of: /- id: ([a-z-]+)/).map { String($0.1) }
        #expect(ids == ["promptexp-check", "promptexp-check-system", "promptexp-check-push"])
        #expect(text.contains("language: swift"))
        #expect(text.contains("stages: [pre-push]"))
    }
}
