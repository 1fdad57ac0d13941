import Foundation
import PromptExpKit
import PromptExpTestSupport
import SnapshotTesting
import Testing

/// The prompt commands run in-process on a repository with fixed commit dates; their
/// output is compared with recorded snapshots.
@Suite(.serialized) struct PromptCommandTests {
    let scratch: ScratchRepository

    init() throws {
        scratch = try ScratchRepository()
        // Commits with fixed dates, so ids and dates are the same on every run.
        try scratch.writeProjectExamples()
        try scratch.gitCommitAll("Add the example prompts and datasets", date: "2026-01-05T10:00:00+00:00")
        let path = scratch.root.appendingPathComponent("prompts/support/reply.prompt")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "Answer in under 120 words.", with: "Answer in under 80 words, in plain sentences.")
        try Data(text.utf8).write(to: path)
        try scratch.gitCommitAll("Shorter support replies", date: "2026-01-12T09:30:00+01:00")
    }

    func run(_ arguments: String...) async -> CommandOutput {
        await CommandHarness.run(arguments + ["-C", scratch.root.path])
    }

    @Test func list() async {
        let output = await run("prompt", "list")
        #expect(output.error == nil)
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func log() async {
        let output = await run("prompt", "log", "support/reply")
        #expect(output.error == nil)
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func logAsJSON() async throws {
        let output = await run("prompt", "log", "support/reply", "--json")
        let versions = try JSONValue.parse(Data(output.standardOutput.utf8))
        #expect(versions.arrayValue?.count == 2)
        #expect(versions.arrayValue?.first?["version"] == "v2")
        #expect(versions.arrayValue?.first?["date"] == "2026-01-12T09:30:00+01:00")
        #expect(versions.arrayValue?.first?["tags"] == ["production"])
    }

    @Test func diffPlainWhenPiped() async {
        let output = await run("prompt", "diff", "support/reply", "v1", "v2")
        #expect(output.error == nil)
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func diffHighlightsChangedWordsInColour() async {
        let output = await run("prompt", "diff", "support/reply", "v1", "production", "--color", "always")
        assertSnapshot(of: output.standardOutput, as: .lines)
        #expect(output.standardOutput.contains("\u{1B}[41;97m120\u{1B}[0m"))
    }

    @Test func diffAgainstTheWorkingFileDefaultsToWorking() async throws {
        try scratch.write("prompts/summarize/article.prompt", "user:\n{{title}}\n")
        let output = await run("prompt", "diff", "summarize/article", "v1", "--json")
        let diff = try JSONValue.parse(Data(output.standardOutput.utf8))
        #expect(diff["new"]?["version"] == "working")
        #expect(diff["added"] == 1)
        #expect(diff["removed"]?.doubleValue ?? 0 > 10)
    }

    @Test func renderARow() async {
        let output = await run("prompt", "render", "support/reply@v1", "--row", "support/tickets:t003")
        #expect(output.error == nil)
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func renderWithVariablesAndTypedValues() async throws {
        let output = await run(
            "prompt", "render", "summarize/article", "--var", "title=T", "--var", "body=B", "--var", "bullets=5",
            "--json")
        let messages = try JSONValue.parse(Data(output.standardOutput.utf8))
        #expect(messages.arrayValue?.first?["content"]?.stringValue?.contains("Give exactly 5 bullet points") == true)
    }

    @Test func renderNamesAMissingInput() async {
        let output = await run("prompt", "render", "support/reply", "--var", "customer=Ana")
        #expect(output.exitCode == 1)
        #expect(output.error == "error: --var values: missing input 'ticket' required by prompt 'support/reply'")
    }

    @Test func showAVersion() async {
        let output = await run("prompt", "show", "support/reply@v1")
        #expect(output.standardOutput.contains("Answer in under 120 words."))
        #expect(!output.standardOutput.contains("80 words"))
    }

    @Test func unknownPromptSuggestsNearNames() async {
        let output = await run("prompt", "log", "support/replies")
        #expect(output.exitCode == 1)
        #expect(
            output.error
                == "error: no prompt named 'support/replies' (looked for prompts/support/replies.prompt); did you mean 'support/reply'?"
        )
    }

    @Test func datasetStats() async {
        let output = await run("dataset", "stats", "support/tickets")
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func datasetShow() async {
        let output = await run("dataset", "show", "datasets/extract/invoices.jsonl", "--limit", "3")
        assertSnapshot(of: output.standardOutput, as: .lines)
    }

    @Test func aBadUsageIsExitCode64() async {
        let output = await run("prompt", "diff", "support/reply", "v1", "--context", "-1")
        #expect(output.exitCode == 64)
    }
}
