import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// What the experiment evaluated is what its spec says, and every flag can set any value.
@Suite struct GateTruthTests {
    @Test func everySpecFlagCanSetItsDefaultAgain() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            func run(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(["exp", "run", "--quiet"] + arguments, environment: environment)
            }
            func committed() throws -> (spec: String, lines: Int) {
                (
                    try scratch.git("show", "HEAD:.promptexp/experiments/k/experiment.yaml"),
                    try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl").split(separator: "\n").count
                )
            }
            #expect(try run("--repeat", "3", "--sample", "2").status == 0)
            var state = try committed()
            #expect(state.spec.contains("repeats: 3") && state.spec.contains("size: 2"), "\(state.spec)")
            #expect(state.lines == 2 * 2 * 3)
            // Without the flags, the spec stays as it is.
            #expect(try run().status == 0)
            #expect(try committed().lines == 12)
            let undo = try run("--repeat", "1", "--all-rows")
            #expect(undo.status == 0, "\(undo.standardError)")
            state = try committed()
            #expect(!state.spec.contains("repeats: 3") && !state.spec.contains("sample:"), "\(state.spec)")
            #expect(state.lines == 6 * 2)
        }
    }

    @Test func expRunByNameFromAnotherBranchSaysWhatIsTrue() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            try scratch.git("stash", "-q")
            try scratch.git("checkout", "-q", "main")
            func run(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(arguments, environment: environment)
            }
            let named = try run("exp", "run", "k")
            #expect(named.status == 1)
            #expect(
                named.standardError.contains(
                    "experiment 'k' is not checked out: exp run runs the candidate as it is in the working tree, so switch to its branch first: git switch exp/k (you are on 'main')"
                ), "\(named.standardError)")
            let typo = try run("exp", "run", "kk")
            #expect(typo.status == 1)
            #expect(typo.standardError.contains("no experiment named 'kk' (no branch exp/kk); did you mean 'k'?"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func aChangeThatRemovesItsOwnTestsFailsTheCheck() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        try scratch.git("checkout", "-q", "-b", "feature")
        let path = "prompts/support/reply.prompt"
        let text = try scratch.read(path)
        let start = try #require(text.range(of: "tests:"))
        // Everything from `tests:` to the end of the front matter goes.
        let end = try #require(text.range(of: "\n---", range: start.lowerBound..<text.endIndex))
        try scratch.write(path, String(text[..<start.lowerBound]) + String(text[end.lowerBound...].dropFirst()))
        try scratch.git("commit", "-qam", "no more tests")
        let result = try scratch.promptexp(["check", "--quiet"], timeout: 120)
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("check not decided"))
        #expect(result.standardError.contains("support/reply: no tests"), "\(result.standardError)")
        #expect(result.standardError.contains("a change cannot remove its own gate"))
    }

    @Test func aWrongKeyStopsAtTheFirstAnswerAndCommitsNothing() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try BatchModeTests.experiment(server, kind: "openai")
            server.script([], then: .status(401, body: #"{"error": {"message": "Incorrect API key provided"}}"#))
            let before = try scratch.git("rev-parse", "HEAD")
            let run = try scratch.promptexp(["exp", "run", "--quiet", "--concurrency", "1"], environment: environment)
            #expect(run.status == 1)
            #expect(
                run.standardError.contains(
                    "provider fake: 401 Incorrect API key provided (FAKE_KEY): stopped at the first such answer, nothing committed"
                ), "\(run.standardError)")
            #expect(server.requestCount == 1)
            #expect(try scratch.git("rev-parse", "HEAD") == before)
        }
    }

    @Test func aRunWhoseEveryCallFailedIsNotCommitted() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try BatchModeTests.experiment(server, kind: "openai")
            server.script([], then: .status(400, body: #"{"error": {"message": "bad request"}}"#))
            let before = try scratch.git("rev-parse", "HEAD")
            let run = try scratch.promptexp(["exp", "run", "--quiet"], environment: environment)
            #expect(run.status == 1)
            #expect(run.standardError.contains("every call failed, so nothing was committed"), "\(run.standardError)")
            #expect(try scratch.git("rev-parse", "HEAD") == before)
        }
    }

    @Test func keysAreCheckedBeforeThePlanAndADryRunNeedsNone() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            try scratch.commit(
                [
                    "prompts/p.prompt": "---\ntests:\n  dataset: d\n  evaluators: [helpful]\n---\n{{q}}\n",
                    "prompts/judges/helpful.prompt": "user:\nIs this helpful? {{output}}\n",
                    "datasets/d.jsonl": #"{"id": "a", "q": "hello"}"# + "\n",
                    ".promptexp/config.yaml": """
                    providers:
                      fake: {kind: openai, base_url: "\(server.baseURL)/v1", api_key_env: FAKE_KEY}
                      judging: {kind: openai, base_url: "\(server.baseURL)/v1", api_key_env: JUDGE_KEY}
                    models:
                      m: {provider: fake}
                      j: {provider: judging}
                    evaluators:
                      helpful: {kind: llm-judge, rubric: judges/helpful, model: j}

                    """,
                ], message: "setup")
            let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
            func run(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(arguments, environment: environment)
            }
            let dry = try run("run", "p", "--model", "m", "--dry-run")
            #expect(dry.status == 0, "\(dry.standardError)")
            #expect(dry.standardOutput.contains("calls: 1"))
            #expect(dry.standardError.contains("set the environment variable FAKE_KEY (a real run stops here)"))
            #expect(dry.standardError.contains("set the environment variable JUDGE_KEY (a real run stops here)"))
            let real = try run("run", "p", "--model", "m")
            #expect(real.status == 1)
            #expect(real.standardError.contains("JUDGE_KEY") || real.standardError.contains("FAKE_KEY"))
            #expect(!real.standardOutput.contains("calls:") && !real.standardError.contains("calls:"))
            #expect(server.requestCount == 0)
        }
    }

    /// The issue's case: an experiment run with `--model local-llm` on a prompt whose
    /// `model:` is the mock. The candidate then says `tests.models: [local-llm]`, promotion
    /// carries it to main, and the hook's check runs local-llm: a worse commit is refused.
    @Test func theGateRunsTheModelsTheExperimentEvaluated() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            let rows = (1...4).map { #"{"id": "q\#($0)", "customer": "Ana\#($0)", "ticket": "late parcel"}"# }
            try scratch.commit(
                [
                    "prompts/reply.prompt":
                        "---\ntags: [production]\nmodel: mock/echo\ntests:\n  dataset: datasets/t.jsonl\n  evaluators: [mentions]\n---\nsystem:\nBe kind.\nuser:\n{{customer}}: {{ticket}}\n",
                    "datasets/t.jsonl": rows.joined(separator: "\n") + "\n",
                    ".gitignore": ".promptexp/cache/\n",
                    ".promptexp/config.yaml": """
                    providers:
                      local: {kind: openai, base_url: "\(server.baseURL)/v1"}
                    models:
                      local-llm: {provider: local, model: llm-1}
                    evaluators:
                      mentions: {kind: contains, value: "{{customer}}"}

                    """,
                ], message: "reply")
            // The fake model repeats the last user message.
            server.answer { request in FakeProviderServer.lastUserText(in: request) ?? "" }
            let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
            func promptexp(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(arguments, environment: environment)
            }
            #expect(try promptexp("exp", "new", "k", "--prompt", "reply", "--model", "local-llm").status == 0)
            #expect(try scratch.read("prompts/reply.prompt").contains("  models: [local-llm]"))
            try scratch.write(
                "prompts/reply.prompt",
                try scratch.read("prompts/reply.prompt").replacingOccurrences(of: "Be kind.", with: "Be warm."))
            let run = try promptexp("exp", "run", "--quiet")
            #expect(run.status == 0, "\(run.standardError)")
            let diff = try promptexp("exp", "diff")
            #expect(diff.standardOutput.contains("models: [local-llm]"), "\(diff.standardOutput)")
            let promote = try promptexp("exp", "promote", "k")
            #expect(promote.status == 0, "\(promote.standardError)")
            try scratch.git("checkout", "-q", "main")
            #expect(try scratch.read("prompts/reply.prompt").contains("models: [local-llm]"))
            #expect(try promptexp("hooks", "install").status == 0)
            let sent = server.requestCount
            try scratch.write(
                "prompts/reply.prompt",
                try scratch.read("prompts/reply.prompt").replacingOccurrences(
                    of: "{{customer}}: {{ticket}}", with: "A customer: {{ticket}}"))
            try scratch.git("add", "-A")
            let refused = try scratch.gitResult(["commit", "-m", "worse"])
            #expect(refused.status != 0, "\(refused.standardOutput)\(refused.standardError)")
            #expect((refused.standardOutput + refused.standardError).contains("regressed"))
            // The hook's check called the evaluated model, not the mock.
            #expect(server.requestCount > sent)
            #expect(server.requests.dropFirst(sent).allSatisfy { $0.json?["model"] == "llm-1" })
        }
    }

    /// main has a newer draft (v3, not deployed) than production (v2); an experiment from
    /// production carries v2's text, so promoting it would drop v3 from main.
    @Test func promoteRefusesToDropANewerDraftOnTheSourceBranch() throws {
        let scratch = try ScratchRepository()
        func prompt(_ text: String, production: Bool) -> String {
            "---\n\(production ? "tags: [production]\n" : "")model: mock/echo\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\n\(text) {{q}}\n"
        }
        try scratch.commit(
            [
                "prompts/p.prompt": prompt("Answer:", production: true),
                "datasets/d.jsonl": #"{"id": "a", "q": "hello"}"# + "\n",
            ], message: "v1")
        try scratch.commit(["prompts/p.prompt": prompt("Please answer:", production: true)], message: "v2")
        try scratch.commit(
            ["prompts/p.prompt": prompt("Warmly answer:", production: false)], message: "warmer persona (not deployed)")
        #expect(try scratch.promptexp("exp", "new", "k", "--prompt", "p").status == 0)
        try scratch.write("prompts/p.prompt", prompt("Kindly answer:", production: false))
        #expect(try scratch.promptexp("exp", "run", "--quiet").status == 0)
        let refused = try scratch.promptexp("exp", "promote", "k")
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("warmer persona (not deployed)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("promoting would drop it from main"))
        #expect(try scratch.git("show", "main:prompts/p.prompt").contains("Warmly answer:"))
        let forced = try scratch.promptexp("exp", "promote", "k", "--force")
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(try scratch.git("log", "-1", "--format=%B", "exp/k").contains("warmer persona (not deployed)"))
    }

    /// What the run read is on the branch: an untracked dataset and an uncommitted config
    /// change are committed with the run, so the branch alone reproduces it.
    @Test func anUntrackedDatasetAndAConfigChangeAreCommittedWithTheRun() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            try scratch.write(
                "datasets/fresh.jsonl",
                (1...3).map { #"{"id": "f\#($0)", "question": "new \#($0)?"}"# }.joined(separator: "\n") + "\n")
            let config = try scratch.read(".promptexp/config.yaml") + "defaults:\n  concurrency: 3\n"
            try scratch.write(".promptexp/config.yaml", config)
            let run = try scratch.promptexp(["exp", "run", "--quiet", "--dataset", "fresh"], environment: environment)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(try scratch.git("show", "HEAD:datasets/fresh.jsonl").contains("new 3?"))
            #expect(try scratch.git("show", "HEAD:.promptexp/config.yaml") == config)
            #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
        }
    }

    /// The tool's own `production` moves are not content changes: an experiment's diff does
    /// not show the tag taken off, promote puts it back in its place, the log marks only the
    /// deployed version `production`, and the list names it under a newer draft.
    @Test func productionIsWhatIsDeployedAndNoDiffShowsTheToolsOwnTagMoves() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        #expect(try scratch.promptexp("exp", "new", "calmer", "--prompt", "support/reply").status == 0)
        let path = "prompts/support/reply.prompt"
        let original = try scratch.git("show", "main:\(path)")
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "120 words", with: "100 words"))
        #expect(try scratch.promptexp("exp", "run", "--quiet").status == 0)
        let diff = try scratch.promptexp("exp", "diff")
        #expect(!diff.standardOutput.contains("tags:"), "\(diff.standardOutput)")
        #expect(diff.standardOutput.contains("100 words"))
        #expect(try scratch.promptexp("exp", "promote", "calmer").status == 0)
        let promoted = try scratch.git("show", "main:\(path)")
        // The key is where it was; only the words changed.
        #expect(promoted == original.replacingOccurrences(of: "120 words", with: "100 words"))
        try scratch.git("checkout", "-q", "main")
        try scratch.write(path, try scratch.read(path).replacingOccurrences(of: "tags: [production]", with: "tags: []"))
        try scratch.git("commit", "-qam", "draft: untagged")
        let log = try scratch.promptexp("prompt", "log", "support/reply")
        let lines = log.standardOutput.split(separator: "\n")
        #expect(lines.filter { $0.contains("[production]") }.count == 1, "\(log.standardOutput)")
        #expect(lines.contains { $0.contains("[was production]") })
        let list = try scratch.promptexp("prompt", "list")
        #expect(list.standardOutput.contains("production: v"), "\(list.standardOutput)")
    }

    /// The judges' calls are planned, priced and capped like the models'.
    @Test func judgeCallsAreInThePlanTheEstimateAndTheBudget() async throws {
        try await withFakeServer { server, _ in
            let rows = (1...10).map { #"{"id": "t\#($0)", "ticket": "my parcel \#($0) is late"}"# }
            let (scratch, _) = try JudgedCheckTests.judgedReply(server, rows: rows, user: "{{ticket}}")
            // The judge costs a thousand times the model.
            let config = try scratch.read(".promptexp/config.yaml").replacingOccurrences(
                of: "judge: {provider: fake, model: judge-1, input_per_million: 1, output_per_million: 1}",
                with: "judge: {provider: fake, model: judge-1, input_per_million: 1000, output_per_million: 1000}")
            try scratch.write(".promptexp/config.yaml", config)
            server.answer { request in
                request.json?["model"] == "judge-1" ? #"{"pass": true, "reason": "fine"}"# : "Thanks for writing"
            }
            let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
            func run(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(arguments, environment: environment)
            }
            let dry = try run("run", "reply", "--dry-run")
            #expect(dry.status == 0, "\(dry.standardError)")
            #expect(
                dry.standardOutput.contains("judge helpful: 10 calls on judge, estimated $"), "\(dry.standardOutput)")
            #expect(dry.standardOutput.contains("(judges included)"))
            // A cap the models alone would never reach stops the run: the judges count.
            let capped = try run("run", "reply", "--max-cost", "0.3", "--concurrency", "1", "--quiet")
            #expect(capped.status == 1)
            #expect(capped.standardError.contains("stopped by --max-cost"), "\(capped.standardError)")
            #expect(server.requests.filter { $0.json?["model"] == "m-1" }.count < 10)
        }
    }
}
