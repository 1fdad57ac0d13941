import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `exp run --sequential` and `check --sequential` from the built binary, against the fake
/// provider server: a clear change is decided on a fraction of the rows, the rows not sent
/// are recorded as not needed, nothing is sent twice, a kill resumes to the same decision,
/// and every reading of the committed run agrees with the run.
@Suite struct SequentialRunTests {
    static let rows = 200

    /// An experiment `s` on math over 200 rows, checked by `icontains` of the row's number.
    /// The fake model answers the number, except that the prompt saying "Guess" gets every
    /// third row wrong: `worse` makes the candidate the guesser, else the base is.
    /// With `judged`, an LLM judge (`tone`, on the fake model) scores every output too.
    static func experiment(_ server: FakeProviderServer, worse: Bool, judged: Bool = false) throws
        -> ScratchRepository
    {
        let scratch = try ScratchRepository()
        let rows = (1...rows).map { #"{"id": "q\#($0)", "n": "\#($0)", "question": "what is \#($0)?"}"# }
        let evaluators = judged ? "[says-number, tone]" : "[says-number]"
        func prompt(_ text: String) -> String {
            "---\ntags: [production]\ntests:\n  evaluators: \(evaluators)\n---\nuser:\n\(text) {{question}}\n"
        }
        try scratch.commit(
            [
                "prompts/judges/tone.prompt": "user:\nIs this calm? {{output}}\n",
                "prompts/math.prompt": prompt(worse ? "Answer:" : "Guess:"),
                "datasets/numbers.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                models:
                  fake-model: {provider: fake, input_per_million: 1000, output_per_million: 1000}
                evaluators:
                  says-number: {kind: icontains, value: "{{n}}"}
                  tone: {kind: llm-judge, rubric: judges/tone, model: fake-model}

                """,
            ], message: "math prompt")
        server.answer { request in
            let text = FakeProviderServer.lastUserText(in: request) ?? ""
            if text.hasPrefix("Is this calm?") { return #"{"pass": true, "reason": "calm"}"# }
            let number = Int(text.filter(\.isNumber)) ?? 0
            return text.hasPrefix("Guess") && number % 3 == 0 ? "no idea" : "it is \(number)"
        }
        let new = try scratch.promptexp(
            ["exp", "new", "s", "--prompt", "math", "--dataset", "numbers", "--model", "fake-model"], timeout: 60)
        #expect(new.status == 0, "\(new.standardError)")
        try scratch.write("prompts/math.prompt", prompt(worse ? "Guess:" : "Answer:"))
        return scratch
    }

    static func summary(_ scratch: ScratchRepository) throws -> JSONValue {
        try JSONValue.parse(Data(try scratch.git("show", "exp/s:.promptexp/experiments/s/summary.json").utf8))
    }

    @Test func aClearRegressionIsDecidedOnAFractionOfTheRowsAndRecordedSo() async throws {
        try await withFakeServer { server, _ in
            try Self.aClearRegressionIsDecidedOnAFractionOfTheRowsAndRecordedSoBody(server)
        }
    }

    /// The judges' line counts each output judged once, as the models' summary counts each
    /// call: the waves rescore earlier rows from the judges' cache, which is not reuse.
    @Test func aJudgedSequentialRunCountsEachJudgementOnce() async throws {
        try await withFakeServer { server, _ in try Self.aJudgedSequentialRunCountsEachJudgementOnceBody(server) }
    }

    static func aJudgedSequentialRunCountsEachJudgementOnceBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server, worse: true, judged: true)
        let run = try scratch.promptexp(["exp", "run", "--quiet", "--sequential"], timeout: 120)
        #expect(run.status == 0, "\(run.standardError)")
        let summary = try Self.summary(scratch)
        let sent = try #require(summary["sequential"]?["rows_sent"]?.intValue)
        #expect(sent < Self.rows)
        // Every output judged once, base and candidate; reused only where the two sides
        // answered alike (the same judge request, sent once).
        let judgeRequests = server.requests.filter { $0.body.contains("Is this calm?") }.count
        let alike = 2 * sent - judgeRequests
        #expect(alike < sent)
        #expect(summary["judges"]?["calls"] == .int(2 * sent), "\(summary["judges"] ?? nil)")
        #expect(summary["judges"]?["reused"] == .int(alike))
        let line = "judges: \(2 * sent) calls (\(alike) reused)"
        #expect(try scratch.git("show", "exp/s:.promptexp/experiments/s/report.md").contains(line))
    }

    @Test func aClearImprovementIsNamedAsOneEarly() async throws {
        try await withFakeServer { server, _ in try Self.checkAClearImprovement(server) }
    }

    /// The body of `aClearImprovementIsNamedAsOneEarly`, kept out of the async closure: the
    /// Swift 6.3 optimizer crashed splitting that closure's coroutine in release builds
    /// (signal 11 in LLVM's CoroSplit, around a `try #require`).
    static func checkAClearImprovement(_ server: FakeProviderServer) throws {
        let scratch = try experiment(server, worse: false)
        let run = try scratch.promptexp(["exp", "run", "--quiet", "--sequential"], timeout: 120)
        #expect(run.status == 0, "\(run.standardError)")
        let summary = try summary(scratch)
        #expect(summary["verdict"] == "improved")
        let sent = try #require(summary["sequential"]?["rows_sent"]?.intValue)
        #expect(sent < rows)
        #expect(run.standardOutput.contains("sequential test: improved after"))
    }

    @Test func aKilledSequentialRunResumesToTheSameDecisionSendingNothingTwice() async throws {
        let uninterrupted = try await withFakeServer { server, _ in try Self.uninterruptedRecord(server) }
        try await withFakeServer { server, _ in try Self.killAndResume(server, expecting: uninterrupted) }
    }

    static func uninterruptedRecord(_ server: FakeProviderServer) throws -> JSONValue? {
        let scratch = try experiment(server, worse: true)
        #expect(try scratch.promptexp(["exp", "run", "--quiet", "--sequential"], timeout: 120).status == 0)
        return try summary(scratch)["sequential"]
    }

    static func killAndResume(_ server: FakeProviderServer, expecting uninterrupted: JSONValue?) throws {
        let scratch = try experiment(server, worse: true)
        // The first wave (20 calls) and some of the second answered, then one held: the kill.
        server.script(Array(repeating: .answer, count: 25), then: .held)
        try ProcessRunner.startThenKill(
            PackagePaths.binary, ["exp", "run", "--quiet", "--sequential", "--concurrency", "1"],
            in: scratch.root, environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url),
            when: { server.heldCount == 1 })
        #expect(server.requestCount == 26)
        server.script([], then: .answer)
        server.releaseHeld()

        let resumed = try scratch.promptexp(
            ["exp", "run", "--quiet", "--sequential", "--concurrency", "1"], timeout: 120)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let sequential = try #require(try summary(scratch)["sequential"])
        #expect(sequential == uninterrupted)
        let sent = try #require(sequential["rows_sent"]?.intValue)
        // Only the call in flight at the kill may have been sent twice.
        #expect(server.requestCount <= 2 * sent + 1)
        #expect(Set(server.requests.map(\.body)).count == 2 * sent)
    }

    /// Every wave of a run hears Ctrl-C, not only the first (libdispatch's signal sources
    /// are made once per process: a second handler made after the first was cancelled
    /// would never fire, and the run would go on to the end).
    @Test func ctrlCInALaterWaveStopsTheRunAndKeepsWhatWasAnswered() async throws {
        try await withFakeServer { server, _ in try Self.ctrlCInALaterWave(server) }
    }

    static func ctrlCInALaterWave(_ server: FakeProviderServer) throws {
        let scratch = try experiment(server, worse: true)
        // The first wave's 20 calls and 4 of the second answered, then 2 held.
        server.script(Array(repeating: .answer, count: 24) + [.held, .held], then: .answer)
        let run = try RunningProcess(
            PackagePaths.binary, ["exp", "run", "--quiet", "--sequential", "--concurrency", "2"],
            in: scratch.root, environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url))
        #expect(RunningProcess.waitUntil { server.heldCount == 2 })
        kill(run.pid, SIGINT)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(server.releaseHeld() == 2)
        let stopped = run.wait()
        #expect(stopped.status == 130, "\(stopped.standardError)")
        #expect(stopped.standardError.contains("Ctrl-C: stopping"))
        #expect(stopped.standardError.contains("interrupted: finished calls are kept"))
        #expect(server.requestCount == 26)
        #expect(try scratch.git("log", "--format=%s", "exp/s").split(separator: "\n").count == 2)
    }

    @Test func batchAndSequentialTogetherAreRefusedBeforeAnythingIsSent() async throws {
        try await withFakeServer { server, _ in
            try Self.batchAndSequentialTogetherAreRefusedBeforeAnythingIsSentBody(server)
        }
    }

    @Test func checkDecidesSequentiallyAndSaysWhatItSaved() async throws {
        try await withFakeServer { server, _ in try Self.checkDecidesSequentiallyAndSaysWhatItSavedBody(server) }
    }

    /// The body of `aClearRegressionIsDecidedOnAFractionOfTheRowsAndRecordedSo`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func aClearRegressionIsDecidedOnAFractionOfTheRowsAndRecordedSoBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server, worse: true)
        let run = try scratch.promptexp(["exp", "run", "--quiet", "--sequential"], timeout: 120)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("regressed"))
        let summary = try Self.summary(scratch)
        #expect(summary["verdict"] == "regressed")
        let sequential = try #require(summary["sequential"])
        let sent = try #require(sequential["rows_sent"]?.intValue)
        #expect(sequential["rows"] == .int(Self.rows))
        #expect(sequential["decided"] == true)
        #expect(sent < Self.rows / 2)
        #expect(sequential["rows_not_needed"] == .int(Self.rows - sent))
        #expect(sequential["calls_not_needed"] == .int(2 * (Self.rows - sent)))
        #expect((sequential["cost_not_needed"]?.doubleValue ?? 0) > 0)
        // Each row sent was called once a side, in waves that reused the earlier ones.
        #expect(server.requestCount == 2 * sent)
        // Nothing was reused from before the run: the earlier waves' answers are its own.
        let groups = summary["groups"]?.arrayValue ?? []
        #expect(groups.map { $0["calls"] } == [.int(sent), .int(sent)])
        #expect(groups.map { $0["reused"] } == [0, 0], "\(groups)")
        #expect(Set(server.requests.map(\.body)).count == 2 * sent)
        let results = try scratch.git("show", "exp/s:.promptexp/experiments/s/results.jsonl")
        let ids = Set(
            try results.split(separator: "\n").map {
                try #require(ResultRecord(json: JSONValue.parse(Data($0.utf8)))).rowID
            })
        #expect(ids.count == sent)
        // The rows sent are the first in the seeded order.
        let order = SequentialOrder.sorted((1...Self.rows).map { "q\($0)" }, seed: 0, rowID: { $0 })
        #expect(ids == Set(order.prefix(sent)))
        let line = "decided after \(sent) of \(Self.rows) rows: \(Self.rows - sent) rows"
        #expect(try scratch.git("log", "-1", "--format=%B", "exp/s").contains(line))
        #expect(try scratch.git("show", "exp/s:.promptexp/experiments/s/report.md").contains(line))
        #expect(try scratch.git("show", "exp/s:.promptexp/experiments/s/experiment.yaml").contains("sequential:"))

        // Read back from the branch, the decision is the run's.
        let report = try scratch.promptexp(["report", "s", "--format", "json"], timeout: 60)
        let json = try JSONValue.parse(Data(report.standardOutput.utf8))
        let model = json["prompts"]?.arrayValue?.first?["comparison"]?["models"]?.arrayValue?.first
        #expect(model?["verdict"] == "regressed")
        #expect(model?["sequential"]?["decision"] == "regressed")
        #expect(json["prompts"]?.arrayValue?.first?["comparison"]?["policy"]?["sequential_seed"] == 0)
        // Promotion is refused on that decision.
        let promote = try scratch.promptexp(["exp", "promote", "s"], timeout: 60)
        #expect(promote.status != 0)
        #expect(promote.standardError.contains("regressed"))

        // The same run again sends nothing and decides the same.
        let again = try scratch.promptexp(["exp", "run", "--quiet", "--sequential"], timeout: 120)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("nothing changed since the last committed run"))
        #expect(server.requestCount == 2 * sent)
    }

    /// The body of `batchAndSequentialTogetherAreRefusedBeforeAnythingIsSent`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func batchAndSequentialTogetherAreRefusedBeforeAnythingIsSentBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server, worse: true)
        let run = try scratch.promptexp(["exp", "run", "--sequential", "--batch", "--yes"], timeout: 60)
        #expect(run.status == 64)
        #expect(run.standardError.contains("--sequential stops between waves of calls and --batch"))
        let check = try scratch.promptexp(["check", "--sequential", "--batch"], timeout: 60)
        #expect(check.status == 64)
        #expect(server.requestCount == 0)
    }

    /// Back on `main`, the math prompt made sequential by its own `tests: verdict:` and
    /// committed, then its worse version staged: what `check --staged` checks.
    static func stagedSequentialCheck(_ server: FakeProviderServer, judged: Bool) throws -> ScratchRepository {
        let scratch = try Self.experiment(server, worse: true, judged: judged)
        try scratch.git("checkout", "-q", "--", ".")
        try scratch.git("checkout", "-q", "main")
        let evaluators = judged ? "[says-number, tone]" : "[says-number]"
        try scratch.write(
            "prompts/math.prompt",
            "---\ntags: [production]\nmodel: fake-model\ntests:\n  dataset: numbers\n  evaluators: \(evaluators)\n  verdict: {sequential: true}\n---\nuser:\nAnswer: {{question}}\n"
        )
        try scratch.git("commit", "-qam", "tests, sequential")
        try scratch.write(
            "prompts/math.prompt",
            try scratch.read("prompts/math.prompt").replacingOccurrences(of: "Answer:", with: "Guess:"))
        try scratch.git("add", "-A")
        return scratch
    }

    /// The body of `checkDecidesSequentiallyAndSaysWhatItSaved`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func checkDecidesSequentiallyAndSaysWhatItSavedBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.stagedSequentialCheck(server, judged: false)
        // Sequential from the prompt's own `tests: verdict:`, no flag.
        let check = try scratch.promptexp(["check", "--staged", "--quiet"], timeout: 120)
        #expect(check.status == 2, "\(check.standardError)")
        #expect(check.standardOutput.contains("sequential test: regressed"))
        #expect(check.standardOutput.contains("Sequential: decided after"))
        #expect(server.requestCount < 2 * Self.rows / 2)
    }

    @Test func aJudgedSequentialCheckCountsEachJudgementOnce() async throws {
        try await withFakeServer { server, _ in try Self.aJudgedSequentialCheckCountsEachJudgementOnceBody(server) }
    }

    static func aJudgedSequentialCheckCountsEachJudgementOnceBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.stagedSequentialCheck(server, judged: true)
        let check = try scratch.promptexp(["check", "--staged", "--quiet"], timeout: 120)
        #expect(check.status == 2, "\(check.standardError)")
        let decided = try #require(
            check.standardOutput.firstMatch(of: /decided after (\d+) of 200 rows/).flatMap { Int($0.1) })
        let judgeRequests = server.requests.filter { $0.body.contains("Is this calm?") }.count
        let line = "judges: \(2 * decided) calls (\(2 * decided - judgeRequests) reused"
        #expect(check.standardOutput.contains(line), "\(check.standardOutput)")
    }
}
