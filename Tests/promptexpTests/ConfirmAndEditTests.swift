import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The steps between branching and running, from the built binary: `exp new --edit` opens
/// the candidate in the user's editor, and `exp run` on a terminal shows the change, the
/// plan and the estimate, and asks before it sends anything.
@Suite struct ConfirmAndEditTests {
    func promptexp(_ arguments: [String], in scratch: ScratchRepository, extra: [String: String] = [:]) throws
        -> ProcessResult
    {
        let result = try scratch.promptexp(arguments, extra: extra, timeout: 60)
        #expect(!result.timedOut)
        return result
    }

    /// Runs the binary on a pseudo-terminal (util-linux `script`), typing `input`.
    func onTerminal(_ arguments: [String], in scratch: ScratchRepository, input: String) throws -> ProcessResult {
        let command = ([PackagePaths.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: scratch.root,
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url), input: input, timeout: 60)
        #expect(!result.timedOut)
        return result
    }

    /// A project with experiment `calmer` branched and its candidate edited.
    func editedExperiment() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let new = try promptexp(["exp", "new", "calmer", "--prompt", "support/reply", "--sample", "4"], in: scratch)
        #expect(new.status == 0, "\(new.standardError)")
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "Answer in under 120 words.", with: "Answer calmly."))
        return scratch
    }

    @Test func onATerminalRunShowsTheChangeThePlanAndAsks() throws {
        let scratch = try editedExperiment()
        let commitsBefore = try scratch.git("rev-list", "--count", "HEAD")

        let declined = try onTerminal(["exp", "run"], in: scratch, input: "n\n")
        #expect(declined.status == 0, "\(declined.standardOutput)")
        let screen = declined.standardOutput
        #expect(screen.contains("prompt support/reply: base production → candidate"))
        #expect(screen.contains("+Answer calmly. Never promise a refund"))
        #expect(screen.contains("calls: 8 (4 rows × 2 variants × 1 model × 1 repeat)"))
        #expect(screen.contains("to send: 8"))
        #expect(screen.contains("estimated cost: $"))
        #expect(screen.contains("Run? [Y/n]"))
        #expect(screen.contains("not run: nothing sent"))
        // The diff comes before the plan, and the plan before the question.
        let diffAt = try #require(screen.range(of: "+Answer calmly.")).lowerBound
        let planAt = try #require(screen.range(of: "calls: 8")).lowerBound
        let askAt = try #require(screen.range(of: "Run? [Y/n]")).lowerBound
        #expect(diffAt < planAt && planAt < askAt)
        #expect(try scratch.git("rev-list", "--count", "HEAD") == commitsBefore)
        #expect(
            !FileManager.default.fileExists(
                atPath: scratch.root.appendingPathComponent(".promptexp/experiments/calmer/results.jsonl").path))

        // Enter alone is yes.
        let accepted = try onTerminal(["exp", "run", "--quiet"], in: scratch, input: "\n")
        #expect(accepted.status == 0, "\(accepted.standardOutput)")
        #expect(accepted.standardOutput.contains("Run? [Y/n]"))
        #expect(accepted.standardOutput.contains("committed "))
        #expect(try scratch.git("log", "-1", "--format=%s").hasPrefix("exp calmer: run"))
    }

    @Test func yesAndNoTerminalSkipTheQuestion() throws {
        let scratch = try editedExperiment()
        let yes = try onTerminal(["exp", "run", "--quiet", "--yes"], in: scratch, input: "")
        #expect(yes.status == 0, "\(yes.standardOutput)")
        #expect(!yes.standardOutput.contains("Run?"))
        #expect(yes.standardOutput.contains("committed "))

        try scratch.write(
            "prompts/support/reply.prompt", try scratch.read("prompts/support/reply.prompt") + "Sign as Sam.\n")
        let script = try promptexp(["exp", "run", "--quiet"], in: scratch)
        #expect(script.status == 0, "\(script.standardError)")
        #expect(!script.standardError.contains("Run?"))
        #expect(script.standardOutput.contains("committed "))
    }

    @Test func theEstimateUsesEarlierAnswersBeforeMaxTokens() throws {
        let scratch = try editedExperiment()
        let first = try promptexp(["exp", "run", "--dry-run"], in: scratch)
        #expect(first.status == 0, "\(first.standardError)")
        // Nothing known yet: the prompt's max_tokens (400) per call.
        #expect(first.standardOutput.contains("output tokens, candidate · mock/echo: 400 per call, max_tokens"))
        #expect(try promptexp(["exp", "run", "--quiet"], in: scratch).status == 0)

        try scratch.write(
            "prompts/support/reply.prompt", try scratch.read("prompts/support/reply.prompt") + "Sign as Sam.\n")
        let second = try promptexp(["exp", "run", "--dry-run"], in: scratch)
        #expect(second.standardOutput.contains("to send: 4"))
        let line = try #require(
            second.standardOutput.split(separator: "\n").first { $0.contains("output tokens, candidate") })
        #expect(
            line.contains("the mean of 4 earlier answers in .promptexp/experiments/calmer/results.jsonl"), "\(line)")
        let perCall = try #require(Int(line.split(separator: ": ")[2].split(separator: " ")[0]))
        #expect(perCall < 400)
    }

    @Test func newWithEditOpensTheCandidateInTheEditor() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let bin = try TemporaryDirectory()
        // VISUAL wins over EDITOR, as in git; the path arrives as one argument.
        try bin.writeExecutable("visual", "#!/bin/sh\nprintf 'Sign as Sam.\\n' >> \"$1\"\n")
        try bin.writeExecutable("editor", "#!/bin/sh\nexit 3\n")
        let visual = bin.file("visual")
        let editor = bin.file("editor")
        let result = try promptexp(
            ["exp", "new", "signed", "--prompt", "support/reply", "--edit"], in: scratch,
            extra: ["VISUAL": visual.path, "EDITOR": editor.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "exp/signed\n")
        #expect(try scratch.read("prompts/support/reply.prompt").hasSuffix("Sign as Sam.\n"))
        #expect(try scratch.git("status", "--porcelain") == " M prompts/support/reply.prompt\n")

        // An editor that fails leaves the experiment made and says what to do.
        #expect(try scratch.git("checkout", "-q", "-f", "main") == "")
        let failed = try promptexp(
            ["exp", "new", "broken", "--prompt", "extract/invoice", "--edit"], in: scratch,
            extra: ["EDITOR": editor.path])
        #expect(failed.status == 1)
        #expect(
            failed.standardError
                == "error: the editor (\(editor.path)) exited with status 3: the experiment is created; edit prompts/extract/invoice.prompt yourself, then promptexp exp run\n"
        )
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "exp/broken\n")
    }
}
