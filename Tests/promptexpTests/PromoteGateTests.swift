import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `exp promote` is a gate: a regressed run is refused with exit 2, missing or mismatched
/// evidence (stale, other models) with exit 1, `--force` overrides it on the record, and a
/// source branch that moved on is exit 1 rather than success.
@Suite struct PromoteGateTests {
    let scratch: ScratchRepository
    let path = "prompts/support/reply.prompt"

    init() throws {
        scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
    }

    @discardableResult
    func promptexp(_ arguments: String...) throws -> ProcessResult {
        try scratch.promptexp(arguments)
    }

    /// An experiment whose candidate drops the customer's name, run and committed: the mock
    /// echoes the user message, so `mentions-customer` fails on every row.
    func regressedExperiment() throws {
        #expect(
            try promptexp("exp", "new", "worse", "--prompt", "support/reply", "--sample", "5", "--seed", "3").status
                == 0)
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        let run = try promptexp("exp", "run", "--quiet")
        #expect(run.status == 2 || run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("regressed"))
    }

    @Test func aRegressedRunIsRefusedNamingTheWorstRows() throws {
        try regressedExperiment()
        let mainBefore = try scratch.git("rev-parse", "main")
        let promote = try promptexp("exp", "promote", "worse")
        #expect(promote.status == 2)
        #expect(
            promote.standardError.hasPrefix(
                "error: exp/worse is not promoted:\n  - the last run regressed; worst rows: "))
        #expect(promote.standardError.contains("mentions-customer now failing"))
        #expect(try scratch.git("rev-parse", "main") == mainBefore)
        #expect(!(try scratch.git("show", "exp/worse:\(path)").contains("production")))

        // --force promotes, and the commit keeps what it overrode.
        let forced = try promptexp("exp", "promote", "worse", "--force")
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(forced.standardError.contains("warning: promoted with --force past: the last run regressed"))
        #expect(try scratch.git("rev-parse", "main") == (try scratch.git("rev-parse", "exp/worse")))
        let body = try scratch.git("log", "-1", "--format=%B", "main")
        #expect(
            body.hasPrefix(
                "exp worse: promote support/reply to production\n\nPromoted with --force, past what the gate found:\n- the last run regressed"
            ))
    }

    /// Experiment `tweak` on five rows, its candidate asking for shorter answers, run once.
    func runTweak() throws {
        #expect(
            try promptexp("exp", "new", "tweak", "--prompt", "support/reply", "--sample", "5", "--seed", "3").status
                == 0)
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "Answer in under 120 words.", with: "Answer in under 100 words."))
        #expect(try promptexp("exp", "run", "--quiet").status == 0)
    }

    @Test func aStaleRunIsRefused() throws {
        try runTweak()
        // Edited and committed after the run: what would be promoted was never run.
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "under 100 words", with: "under 90 words"))
        try scratch.git("commit", "-qam", "one more edit")
        let promote = try promptexp("exp", "promote", "tweak")
        #expect(promote.status == 1)
        #expect(promote.standardError.contains("the candidate changed since the last run"))
        // Run again: current, no significant change, and promoted.
        #expect(try promptexp("exp", "run", "--quiet").status == 0)
        let again = try promptexp("exp", "promote", "tweak")
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("tagged the candidate production on exp/tweak"))
        try scratch.git("checkout", "-q", "main")
        #expect(try scratch.read(path).contains("under 90 words"))
        #expect(try scratch.read(path).contains("tags: [production]"))
    }

    /// The gate's one rule: the promoted file's models are the ones `check` will run, so
    /// they must be the ones the experiment evaluated.
    @Test func otherModelsThanTheEvaluatedOnesAreRefusedNamingBoth() throws {
        try runTweak()
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "model: mock/echo", with: "model: mock/upper"))
        try scratch.git("commit", "-qam", "switch the model")
        let promote = try promptexp("exp", "promote", "tweak")
        #expect(promote.status == 1)
        #expect(
            promote.standardError.contains(
                "check would run support/reply on mock/upper (its tests.models, else model:), but the experiment evaluated mock/echo"
            ), "\(promote.standardError)")
        #expect(!(try scratch.git("show", "main:\(path)").contains("mock/upper")))
    }

    @Test func aSourceBranchThatMovedOnIsExit1() throws {
        try runTweak()
        try scratch.git("checkout", "-q", "main")
        try scratch.commit(["NOTES.md": "main moved on\n"], message: "unrelated")
        let promote = try promptexp("exp", "promote", "tweak")
        #expect(promote.status == 1)
        #expect(
            promote.standardError.hasSuffix(
                "error: main has moved on since the experiment started: merge exp/tweak into main, or open a pull request\n"
            ))
    }
}
