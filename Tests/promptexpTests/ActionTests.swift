import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The GitHub Action (`action.yml`), its shell steps run directly (there is no runner
/// here): install from a release tarball checked against its checksum, the check writing
/// its outputs and reports, and one pull-request comment posted then updated.
@Suite struct ActionTests {
    static let actionScripts = PackagePaths.root.appendingPathComponent("scripts/action")

    @Test func everyStepRunsAScriptThatExistsAndEveryInputIsDeclared() throws {
        let action = try String(contentsOf: PackagePaths.root.appendingPathComponent("action.yml"), encoding: .utf8)
        let scripts = action.matches(of: /\$GITHUB_ACTION_PATH\/(scripts\/action\/[a-z.]+)/).map { String($0.1) }
        #expect(
            Set(scripts) == [
                "scripts/action/version.sh", "scripts/action/install.sh", "scripts/action/check.sh",
                "scripts/action/comment.py",
            ])
        // The runner leaves github.action_ref empty in composite actions (actions/runner#2473).
        #expect(!action.contains("action_ref"))
        // The release binary needs only the C library: no step installs anything with apt.
        for script in scripts {
            let text = try String(contentsOf: PackagePaths.root.appendingPathComponent(script), encoding: .utf8)
            #expect(!text.contains("apt-get"), "\(script)")
        }
        for script in scripts {
            let path = PackagePaths.root.appendingPathComponent(script).path
            #expect(FileManager.default.fileExists(atPath: path), "\(script)")
            if script.hasSuffix(".sh") { #expect(FileManager.default.isExecutableFile(atPath: path), "\(script)") }
        }
        let used = Set(action.matches(of: /inputs\.([a-z-]+)/).map { String($0.1) })
        for input in used { #expect(action.contains("\n  \(input):\n"), "input \(input) is used but not declared") }
        #expect(action.contains("using: composite"))
    }

    /// The version the action installs comes from its own checkout, with every variable a
    /// composite action may leave empty left empty; the `version` input overrides it.
    @Test func theVersionComesFromTheActionsCheckoutNotItsRef() throws {
        let folder = try TemporaryDirectory(prefix: "action-version")
        try folder.write("outputs", "")
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTION_PATH"] = PackagePaths.root.path
        environment["GITHUB_OUTPUT"] = folder.url.appendingPathComponent("outputs").path
        environment["PROMPTEXP_VERSION"] = ""
        environment["GITHUB_ACTION_REF"] = ""
        let script = Self.actionScripts.appendingPathComponent("version.sh")
        let step = try ProcessRunner.run(script, [], environment: environment)
        #expect(step.status == 0, "\(step.standardError)")
        let version = try String(contentsOf: PackagePaths.root.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try folder.read("outputs") == "version=v\(version)\n")
        // VERSION is the binary's own version: the release the tag was cut from.
        let binary = try ProcessRunner.run(PackagePaths.binary, ["--version"])
        #expect(binary.standardOutput.hasPrefix(version + " "))

        environment["PROMPTEXP_VERSION"] = "0.2.0"
        #expect(try ProcessRunner.run(script, [], environment: environment).status == 0)
        #expect(try folder.read("outputs") == "version=v\(version)\nversion=v0.2.0\n")
        // Without the file and the input, it says what to do.
        environment["PROMPTEXP_VERSION"] = ""
        environment["GITHUB_ACTION_PATH"] = folder.url.path
        let missing = try ProcessRunner.run(script, [], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("VERSION is missing: pass the version input"))
    }

    @Test func installTakesTheReleaseTarballOnlyWhenItsChecksumMatches() throws {
        let folder = try TemporaryDirectory(prefix: "action-install")
        let machine = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "uname -m"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let name = "promptexp-0.1.0-linux-\(machine)"
        let release = "releases/owner/promptexp/releases/download/v0.1.0"

        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("\(name)/bin"), withIntermediateDirectories: true)
        try folder.writeExecutable("\(name)/bin/promptexp", "#!/bin/sh\necho '0.1.0 (abc123)'\n")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent(release), withIntermediateDirectories: true)
        let tar = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/tar"), ["-czf", "\(release)/\(name).tar.gz", name], in: folder.url)
        #expect(tar.status == 0, "\(tar.standardError)")
        let sum = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "sha256sum \(name).tar.gz > \(name).tar.gz.sha256"],
            in: folder.url.appendingPathComponent(release))
        #expect(sum.status == 0)
        try folder.write("github_path", "")
        var environment = ProcessInfo.processInfo.environment
        environment["PROMPTEXP_VERSION"] = "v0.1.0"
        environment["PROMPTEXP_REPOSITORY"] = "owner/promptexp"
        environment["PROMPTEXP_TOOLS"] = folder.url.appendingPathComponent("tools").path
        environment["PROMPTEXP_RELEASES"] = "file://\(folder.url.appendingPathComponent("releases").path)"
        environment["GITHUB_PATH"] = folder.url.appendingPathComponent("github_path").path
        let install = try ProcessRunner.run(
            Self.actionScripts.appendingPathComponent("install.sh"), [], environment: environment)
        #expect(install.status == 0, "\(install.standardError)")
        #expect(install.standardError.contains("0.1.0 (abc123)"))
        let bin = folder.url.appendingPathComponent("tools/v0.1.0/bin").path
        #expect(try folder.read("github_path") == bin + "\n")

        // A tarball that does not match its checksum is not installed.
        environment["PROMPTEXP_TOOLS"] = folder.url.appendingPathComponent("other-tools").path
        try folder.write("\(release)/\(name).tar.gz.sha256", String(repeating: "0", count: 64) + "  \(name).tar.gz\n")
        let refused = try ProcessRunner.run(
            Self.actionScripts.appendingPathComponent("install.sh"), [], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("error: \(name).tar.gz does not match its .sha256: not installed"))
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("other-tools").path + "/v0.1.0/bin/promptexp"))
    }

    @Test func checkWritesTheStatusAndBothReportsAndNeverFailsItself() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try BatchModeTests.experiment(server, kind: "openai")
            try BatchModeTests.changeOnAFeatureBranch(scratch)
            // The new version's answers lose the word the evaluator wants: a regression.
            try scratch.git("checkout", "-q", "main")
            try scratch.write(
                ".promptexp/config.yaml",
                try scratch.read(".promptexp/config.yaml")
                    + "evaluators:\n  answers: {kind: contains, value: 'answer to'}\n")
            try scratch.write(
                "prompts/math.prompt",
                "---\nmodel: fake-model\ntests:\n  dataset: sums\n  evaluators: [answers]\n---\nuser:\n{{question}}\n")
            try scratch.git("commit", "-qam", "evaluator")
            try scratch.git("checkout", "-q", "feature")
            try scratch.git("merge", "-q", "--no-edit", "main")
            try scratch.write(
                "prompts/math.prompt",
                "---\nmodel: fake-model\ntests:\n  dataset: sums\n  evaluators: [answers]\n---\nuser:\nSHOUT {{question}}\n"
            )
            try scratch.git("commit", "-qam", "shout")
            server.answer { request in
                let text = FakeProviderServer.lastUserText(in: request) ?? ""
                return text.hasPrefix("SHOUT") ? "NO." : "answer to: \(text)"
            }
            try scratch.write("outputs", "")
            var stepEnvironment = environment
            stepEnvironment["PATH"] =
                PackagePaths.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
            stepEnvironment["PROMPTEXP_BASE"] = "main"
            stepEnvironment["PROMPTEXP_ARGS"] = "--quiet"
            stepEnvironment["GITHUB_OUTPUT"] = scratch.root.appendingPathComponent("outputs").path
            let check = try ProcessRunner.run(
                Self.actionScripts.appendingPathComponent("check.sh"), [], in: scratch.root,
                environment: stepEnvironment)
            #expect(check.status == 0, "\(check.standardError)")
            #expect(try scratch.read("outputs") == "status=2\nreport=promptexp-report.md\nhtml=promptexp-report.html\n")
            #expect(try scratch.read("promptexp-report.md").contains("math"))
            #expect(try scratch.read("promptexp-report.html").hasPrefix("<!doctype html>"))
            // The HTML report's run answered from the cache the first run filled.
            #expect(server.requestCount == 12)
        }
    }

    @Test func theCommentIsPostedOnceAndUpdatedAfterwards() async throws {
        try await withFakeServer { server, _ in
            let folder = try TemporaryDirectory(prefix: "action-comment")
            for index in 1...3 { server.github.add(issue: 7, body: "someone else's comment \(index)") }
            server.github.add(issue: 8, body: "<!-- promptexp-check -->\nanother pull request's")
            var environment = ProcessInfo.processInfo.environment
            environment["GITHUB_TOKEN"] = "ghs_token"
            environment["GITHUB_REPOSITORY"] = "owner/app"
            environment["GITHUB_API_URL"] = server.baseURL
            environment["PROMPTEXP_PULL_REQUEST"] = "7"
            environment["PROMPTEXP_REPORT"] = folder.url.appendingPathComponent("report.md").path
            func post(_ report: String) throws -> ProcessResult {
                try folder.write("report.md", report)
                return try ProcessRunner.run(
                    URL(fileURLWithPath: "/usr/bin/python3"),
                    [Self.actionScripts.appendingPathComponent("comment.py").path], environment: environment)
            }
            let first = try post("**🔴 Regressed**\n")
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.standardOutput == "posted the promptexp comment on #7\n")
            let second = try post("**🟢 Passed**\n")
            #expect(second.status == 0, "\(second.standardError)")
            #expect(second.standardOutput == "updated the promptexp comment on #7\n")
            let bodies = server.github.bodies(issue: 7)
            #expect(bodies.count == 4)
            #expect(bodies.last == "<!-- promptexp-check -->\n**🟢 Passed**\n")
            #expect(server.github.bodies(issue: 8) == ["<!-- promptexp-check -->\nanother pull request's"])
            #expect(server.github.authorizations.allSatisfy { $0 == "Bearer ghs_token" })
        }
    }
}
