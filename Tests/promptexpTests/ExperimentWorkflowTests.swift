import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The whole experiment workflow from the built binary, with the real git checking each
/// step: new → edit → run → show → diff → edit → run → results diff → promote.
@Suite struct ExperimentWorkflowTests {
    @Test func newRunShowDiffRunAgainCompareAndPromote() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        func promptexp(_ arguments: String...) throws -> ProcessResult {
            let result = try scratch.promptexp(arguments)
            #expect(result.status == 0, "promptexp \(arguments.joined(separator: " ")): \(result.standardError)")
            return result
        }
        func gitAgrees(commits: Int) throws {
            #expect(try scratch.git("log", "--oneline", "exp/tone").split(separator: "\n").count == commits)
            #expect(try scratch.git("status", "--porcelain") == "")
            try scratch.git("fsck", "--full")
        }
        let path = "prompts/support/reply.prompt"

        _ = try promptexp("exp", "new", "tone", "--prompt", "support/reply", "--sample", "6", "--seed", "5")
        try gitAgrees(commits: 2)

        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "You are a {{tone}} support agent", with: "You are a {{tone}}, concise support agent"))
        let run = try promptexp("exp", "run", "--quiet")
        #expect(run.standardOutput.contains("changed outputs: 6 of 6"))
        try gitAgrees(commits: 3)
        #expect(try scratch.git("show", "--stat", "--format=%s", "HEAD").contains("4 files changed"))

        let show = try promptexp("exp", "show", "--changed")
        #expect(show.standardOutput.hasSuffix("6 of 6 outputs changed\n"))
        let diff = try promptexp("exp", "diff")
        #expect(diff.standardOutput.contains("+You are a {{tone}}, concise support agent"))
        #expect(diff.standardOutput.contains("outputs: 6 of 6 changed"))

        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "Answer in under 120 words.", with: "Answer in under 90 words."))
        _ = try promptexp("exp", "run", "--quiet")
        try gitAgrees(commits: 4)
        // Only candidate lines changed between the two runs; the base lines stayed byte for byte.
        let changedLines = try scratch.git("diff", "HEAD~1", "HEAD", "--", ".promptexp/experiments/tone/results.jsonl")
            .split(separator: "\n").filter { $0.hasPrefix("+{") || $0.hasPrefix("-{") }
        #expect(changedLines.count == 12)
        #expect(changedLines.allSatisfy { $0.contains(#""variant":"candidate""#) })
        let compared = try promptexp("results", "diff", "HEAD~1", "HEAD")
        #expect(compared.standardOutput.contains("6 outputs changed, 6 unchanged"))

        // The candidate does not carry production until promoted (no significant change
        // lets it through the gate): promotion tags it, then fast-forwards main.
        let promote = try promptexp("exp", "promote", "tone")
        #expect(promote.standardOutput.contains("tagged the candidate production on exp/tone"))
        #expect(promote.standardOutput.contains("fast-forwarded main"))
        try gitAgrees(commits: 5)
        #expect(try scratch.git("rev-parse", "main") == (try scratch.git("rev-parse", "exp/tone")))
        try scratch.git("checkout", "-q", "main")
        let log = try promptexp("prompt", "log", "support/reply")
        // exp new's start commit only re-stated v1 without the tag: v2 and v3 are the two
        // edits (committed with their runs), v4 the promotion.
        #expect(log.standardOutput.hasPrefix("v4 "))
        #expect(!log.standardOutput.contains("start from"))
        // Only the deployed version is production; the one before it was.
        #expect(log.standardOutput.split(separator: "\n").filter { $0.contains("[production]") }.count == 1)
        #expect(log.standardOutput.split(separator: "\n").filter { $0.contains("[was production]") }.count == 1)
        #expect(log.standardOutput.contains("└ run tone: no significant change, 6 of 6 outputs changed"))
    }
}
