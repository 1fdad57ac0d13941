import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `--batch` from the binary against the fake server's batch endpoints, for each provider's
/// wire format: submit and return, collect on a later run, results like a direct run's at
/// the batch price, failures recorded, and a kill at each step never creating a batch twice.
@Suite struct BatchModeTests {
    /// The fake server configured as provider `kind`, with a price, for experiment `k` (six
    /// rows, base and candidate differ: 12 calls).
    static func experiment(_ server: FakeProviderServer, kind: String) throws -> (ScratchRepository, [String: String]) {
        let scratch = try ScratchRepository()
        let rows = (1...6).map { #"{"id": "q\#($0)", "question": "what is \#($0)?"}"# }
        let base = kind == "gemini" ? "\(server.baseURL)/v1beta" : "\(server.baseURL)/v1"
        try scratch.commit(
            [
                "prompts/math.prompt": "---\ntags: [production]\n---\nuser:\n{{question}}\n",
                "datasets/sums.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: \(kind), base_url: "\(base)", api_key_env: FAKE_KEY}
                models:
                  fake-model: {provider: fake, input_per_million: 2, output_per_million: 4}

                """,
            ], message: "math prompt")
        let environment = ProcessRunner.isolatedEnvironment(
            home: scratch.home.url, extra: ["FAKE_KEY": "sk-fake-key-1234567890"])
        let new = try scratch.promptexp(
            ["exp", "new", "k", "--prompt", "math", "--dataset", "sums", "--model", "fake-model"],
            environment: environment)
        #expect(new.status == 0, "\(new.standardError)")
        try scratch.write("prompts/math.prompt", "---\ntags: [production]\n---\nuser:\nPlease answer: {{question}}\n")
        return (scratch, environment)
    }

    /// Leaves experiment k for a branch `feature` whose one commit changes the prompt, which
    /// has tests (`not-empty` over sums) on main and there: what `check --base main` checks.
    static func changeOnAFeatureBranch(_ scratch: ScratchRepository) throws {
        func prompt(_ text: String) -> String {
            "---\nmodel: fake-model\ntests:\n  dataset: sums\n  evaluators: [not-empty]\n---\nuser:\n\(text)\n"
        }
        try scratch.git("checkout", "-q", "--", ".")
        try scratch.git("checkout", "-q", "main")
        try scratch.write("prompts/math.prompt", prompt("{{question}}"))
        try scratch.git("commit", "-qam", "tests")
        try scratch.git("checkout", "-q", "-b", "feature")
        try scratch.write("prompts/math.prompt", prompt("Answer: {{question}}"))
        try scratch.git("commit", "-qam", "change")
    }

    /// Batches that have ended by the first time they are asked about.
    static let endingAtFirstPoll = {
        var behaviour = FakeBatchService.Behaviour()
        behaviour.pollsUntilDone = 0
        return behaviour
    }()

    static func promptexp(_ arguments: [String], _ scratch: ScratchRepository, _ environment: [String: String])
        throws -> ProcessResult
    {
        try scratch.promptexp(arguments, environment: environment)
    }

    static func workingResults(_ scratch: ScratchRepository) throws -> [JSONValue] {
        try scratch.read(".promptexp/experiments/k/results.jsonl").split(separator: "\n").map {
            try JSONValue.parse(Data($0.utf8))
        }
    }

    static func committedResults(_ scratch: ScratchRepository) throws -> [JSONValue] {
        try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl").split(separator: "\n").map {
            try JSONValue.parse(Data($0.utf8))
        }
    }

    @Test(arguments: ["openai", "anthropic", "gemini"])
    func submitReturnsAtOnceAndALaterRunCollectsAtTheBatchPrice(kind: String) async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: kind)
            let submitted = try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment)
            #expect(submitted.status == 0, "\(submitted.standardError)")
            #expect(submitted.standardError.contains("12 calls submitted to fake for fake-model"))
            #expect(submitted.standardError.contains("12 calls waiting in 1 batch at the providers"))
            // Nothing went to the chat endpoint; one batch of 12 was created, and recorded.
            #expect(server.requestCount == 0)
            #expect(server.batches.created == (1, 12))
            let subject = try scratch.git("log", "-1", "--format=%s")
            #expect(subject == "exp k: 12 calls in 1 batch at the providers\n")
            let ledger = try JSONValue.parse(
                Data(try scratch.git("show", "HEAD:.promptexp/experiments/k/batches.json").utf8))
            #expect(ledger["batches"]?.arrayValue?.first?["id"]?.stringValue == server.batches.batchIDs.first)
            #expect(try scratch.git("status", "--porcelain") == "")

            let status = try Self.promptexp(["exp", "status"], scratch, environment)
            #expect(status.status == 0, "\(status.standardError)")
            #expect(status.standardOutput.contains(server.batches.batchIDs.first ?? "?"))
            #expect(status.standardOutput.contains("0 of 12 done"))

            // The fake batch ends at its second poll: this run (no --batch needed) collects.
            let collected = try Self.promptexp(["exp", "run", "--yes"], scratch, environment)
            #expect(collected.status == 0, "\(collected.standardError)")
            #expect(collected.standardError.contains("ended, 12 answers collected"))
            #expect(server.requestCount == 0)
            #expect(server.batches.created == (1, 12))
            let records = try Self.committedResults(scratch)
            #expect(records.count == 12)
            for record in records {
                // Matched by custom id although the fake answers in reverse order.
                let row = try #require(record["row_id"]?.stringValue)
                #expect(record["output"]?.stringValue?.hasSuffix("what is \(row.dropFirst())?") == true)
                #expect(record["batch"]?.stringValue == server.batches.batchIDs.first)
                #expect(record["latency_ms"] == .null)
                // 11 tokens in at $1 (half of 2), 7 out at $2 (half of 4) per million.
                #expect(record["cost"]?.doubleValue == 0.000025)
            }
            // The batches are done: the ledger left the branch with the results' commit.
            #expect((try? scratch.git("show", "HEAD:.promptexp/experiments/k/batches.json")) == nil)
            #expect(try scratch.git("status", "--porcelain") == "")
            let report = try scratch.git("show", "HEAD:.promptexp/experiments/k/report.md")
            #expect(report.contains("12 of 12 calls went through the providers' batch APIs"))
        }
    }

    @Test func batchAnswersAreTheDirectRunsAnswers() async throws {
        try await withFakeServer { server, _ in
            let (direct, directEnvironment) = try Self.experiment(server, kind: "openai")
            let run = try Self.promptexp(["exp", "run", "--yes"], direct, directEnvironment)
            #expect(run.status == 0, "\(run.standardError)")
            server.batches.behave(Self.endingAtFirstPoll)
            let (batched, environment) = try Self.experiment(server, kind: "openai")
            let waited = try Self.promptexp(
                ["exp", "run", "--batch", "--wait", "--poll-interval", "0.05", "--yes"], batched, environment)
            #expect(waited.status == 0, "\(waited.standardError)")
            // Outputs, usage, hashes and order are the direct run's; only how it was paid differs.
            func comparable(_ records: [JSONValue]) -> [JSONValue] {
                records.map { record in
                    var object = record.objectValue ?? [:]
                    for key in ["batch", "cost", "latency_ms"] { object[key] = nil }
                    return .object(object)
                }
            }
            #expect(comparable(try Self.committedResults(batched)) == comparable(try Self.committedResults(direct)))
        }
    }

    @Test(arguments: ["openai", "anthropic", "gemini"])
    func failedExpiredAndUnansweredRequestsAreRecordedAndTheRunGoesOn(kind: String) async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: kind)
            var behaviour = FakeBatchService.Behaviour()
            behaviour.pollsUntilDone = 0
            behaviour.errorEvery = 4
            behaviour.expiresAfter = 10
            server.batches.behave(behaviour)
            let result = try Self.promptexp(
                ["exp", "run", "--batch", "--wait", "--poll-interval", "0.05", "--yes"], scratch, environment)
            #expect(result.status == 1)
            #expect(result.standardError.contains("error: 4 of 12 calls failed"), "\(result.standardError)")
            let records = try Self.committedResults(scratch)
            let failed = records.filter { $0["error"] != .null }
            #expect(failed.count == 4)
            // Requests 4 and 8 errored, 11 and 12 expired (the fake's order of submission).
            #expect(failed.allSatisfy { $0["error"]?.stringValue?.hasPrefix("batch ") == true })
            #expect(failed.allSatisfy { $0["output"] == .null && $0["batch"]?.stringValue != nil })
            #expect(records.filter { $0["error"] == .null }.count == 8)
            #expect(server.requestCount == 0)
            // A rerun in batch mode submits only the failed calls again.
            server.batches.behave(FakeBatchService.Behaviour())
            let again = try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(server.batches.created == (2, 16))
        }
    }

    @Test(arguments: ["openai", "anthropic", "gemini"], ["batch-recorded", "batch-created"])
    func aKillWhileSubmittingNeverCreatesASecondBatch(kind: String, step: String) async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: kind)
            server.batches.behave(Self.endingAtFirstPoll)
            let killed = try Self.promptexp(
                ["exp", "run", "--batch", "--yes"], scratch,
                environment.merging(["PROMPTEXP_TEST_KILL_AT": step], uniquingKeysWith: { $1 }))
            #expect(killed.status == SIGKILL, "\(killed.standardError)")
            #expect(server.batches.created.batches == (step == "batch-created" ? 1 : 0))
            let again = try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment)
            #expect(again.status == 0, "\(again.standardError)")
            if step == "batch-created" {
                #expect(again.standardError.contains("found at the provider"))
            }
            #expect(server.batches.created == (1, 12))
            let collected = try Self.promptexp(["exp", "run", "--yes"], scratch, environment)
            #expect(collected.status == 0, "\(collected.standardError)")
            #expect(try Self.committedResults(scratch).count == 12)
            #expect(server.batches.created == (1, 12))
            #expect(server.requestCount == 0)
            #expect(try scratch.git("status", "--porcelain") == "")
        }
    }

    /// Anthropic keeps no name on a batch: after a kill between "created" and "id recorded",
    /// another clone's batch of the same size made since is found first. Its request ids are
    /// not ours, so it is given back unused, our own batch is found and collected, and no
    /// failure is recorded or committed.
    @Test func anotherClonesBatchOfTheSameSizeIsNeverAdopted() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "anthropic")
            server.batches.behave(Self.endingAtFirstPoll)
            let killed = try Self.promptexp(
                ["exp", "run", "--batch", "--yes"], scratch,
                environment.merging(["PROMPTEXP_TEST_KILL_AT": "batch-created"], uniquingKeysWith: { $1 }))
            #expect(killed.status == SIGKILL, "\(killed.standardError)")
            // Another clone submits a batch of 12 other requests to the same account.
            let (other, otherEnvironment) = try Self.experiment(server, kind: "anthropic")
            try other.write("prompts/math.prompt", "---\ntags: [production]\n---\nuser:\nOther: {{question}}\n")
            let submitted = try Self.promptexp(["exp", "run", "--batch", "--yes"], other, otherEnvironment)
            #expect(submitted.status == 0, "\(submitted.standardError)")
            #expect(server.batches.created == (2, 24))

            let again = try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.standardError.contains("another submission's batch"), "\(again.standardError)")
            let collected = try Self.promptexp(["exp", "run", "--yes"], scratch, environment)
            #expect(collected.status == 0, "\(collected.standardError)")
            let results = try Self.committedResults(scratch)
            #expect(results.count == 12)
            #expect(results.allSatisfy { $0["error"] == .null }, "\(results)")
            #expect(server.batches.created == (2, 24))
            #expect(server.requestCount == 0)
        }
    }

    @Test func aKillWhileCommittingTheCollectedRunCostsNothing() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "anthropic")
            server.batches.behave(Self.endingAtFirstPoll)
            #expect(try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment).status == 0)
            let killed = try Self.promptexp(
                ["exp", "run", "--yes"], scratch,
                environment.merging(["PROMPTEXP_TEST_KILL_AT": "commit-object-written"], uniquingKeysWith: { $1 }))
            #expect(killed.status == SIGKILL, "\(killed.standardError)")
            let again = try Self.promptexp(["exp", "run", "--yes"], scratch, environment)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(server.batches.created == (1, 12))
            #expect(try Self.committedResults(scratch).count == 12)
            #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
        }
    }

    @Test func cancelledBatchesAreCollectedAsFailedRequests() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "openai")
            var behaviour = FakeBatchService.Behaviour()
            behaviour.pollsUntilDone = 5
            server.batches.behave(behaviour)
            #expect(try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment).status == 0)
            let cancel = try Self.promptexp(["exp", "cancel"], scratch, environment)
            #expect(cancel.status == 0, "\(cancel.standardError)")
            #expect(cancel.standardOutput.contains("cancelled"))
            let collected = try Self.promptexp(["exp", "run", "--yes"], scratch, environment)
            #expect(collected.status == 1)
            #expect(collected.standardError.contains("12 of 12 calls failed"), "\(collected.standardError)")
            // Every call failed: nothing is committed; the results on disk say why.
            #expect(collected.standardError.contains("every call failed, so nothing was committed"))
            let records = try Self.workingResults(scratch)
            #expect(records.allSatisfy { $0["error"]?.stringValue?.contains("batch_cancelled") == true })
        }
    }

    @Test func aBatchThatFailsAsAWholeFailsEachOfItsCalls() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "openai")
            var behaviour = FakeBatchService.Behaviour()
            behaviour.failsValidation = true
            server.batches.behave(behaviour)
            let result = try Self.promptexp(
                ["exp", "run", "--batch", "--wait", "--poll-interval", "0.05", "--yes"], scratch, environment)
            #expect(result.status == 1)
            #expect(result.standardError.contains("every call failed, so nothing was committed"))
            let records = try Self.workingResults(scratch)
            #expect(records.count == 12)
            #expect(records.allSatisfy { $0["error"]?.stringValue?.contains("fake validation failure") == true })
        }
    }

    @Test func checkWaitingOnBatchesDoesNotPassAndWaitingDecides() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "openai")
            try Self.changeOnAFeatureBranch(scratch)
            let check = try Self.promptexp(["check", "--base", "main", "--batch"], scratch, environment)
            #expect(check.status == 1)
            #expect(
                check.standardError.contains("error: not decided: math waits on batches at the providers"),
                "\(check.standardError)")
            let decided = try Self.promptexp(
                ["check", "--base", "main", "--batch", "--wait", "--poll-interval", "0.05"], scratch, environment)
            #expect(decided.status == 0, "\(decided.standardError)")
            #expect(decided.standardOutput.contains("check passed: 1 prompt checked, none regressed"))
            #expect(server.requestCount == 0)
            #expect(server.batches.created == (1, 12))
        }
    }

    @Test func theEstimateIsAtTheBatchPriceAndCountsSubmittedCalls() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "openai")
            let direct = try Self.promptexp(["exp", "run", "--dry-run"], scratch, environment)
            let batched = try Self.promptexp(["exp", "run", "--batch", "--dry-run"], scratch, environment)
            func cost(_ text: String) -> String? {
                text.split(separator: "\n").first { $0.hasPrefix("estimated cost:") }.map(String.init)
            }
            #expect(direct.standardOutput.contains("to send: 12"))
            #expect(batched.standardOutput.contains("to send (in batches, at the batch price): 12"))
            #expect(cost(direct.standardOutput) != cost(batched.standardOutput))
            #expect(try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment).status == 0)
            let after = try Self.promptexp(["exp", "run", "--dry-run"], scratch, environment)
            #expect(after.standardOutput.contains("in batches already submitted: 12"), "\(after.standardOutput)")
            #expect(after.standardOutput.contains("to send (in batches, at the batch price): 0"))
            // The mock has no batch API: its calls are not said to go in batches.
            let mock = try Self.promptexp(
                ["exp", "run", "--batch", "--dry-run", "--model", "mock/echo"], scratch, environment)
            #expect(mock.standardOutput.contains("to send: 12"), "\(mock.standardOutput)")
        }
    }

    @Test func aBudgetTooSmallForTheBatchesSubmitsNothing() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "anthropic")
            let refused = try Self.promptexp(
                ["exp", "run", "--batch", "--max-cost", "0.001", "--yes"], scratch, environment)
            #expect(refused.status == 1)
            // 12 calls × (4 tokens in at $1 + 256 assumed out at $2 per million): the batch price.
            #expect(
                refused.standardError.hasPrefix("error: the batches to submit could cost up to $0.0062"),
                "\(refused.standardError)")
            #expect(server.batches.created == (0, 0))
            #expect(try scratch.git("log", "-1", "--format=%s").hasPrefix("exp k: start"))
        }
    }

    @Test func aKeyEchoedInABatchAnswerIsBlanked() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server, kind: "openai")
            server.answer { _ in "the key is sk-fake-key-1234567890, see" }
            server.batches.behave(Self.endingAtFirstPoll)
            #expect(try Self.promptexp(["exp", "run", "--batch", "--yes"], scratch, environment).status == 0)
            #expect(try Self.promptexp(["exp", "run", "--yes"], scratch, environment).status == 0)
            let results = try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl")
            #expect(results.split(separator: "\n").count == 12)
            #expect(!results.contains("1234567890"))
            let cache = try FileManager.default.subpathsOfDirectory(
                atPath: scratch.root.appendingPathComponent(".promptexp/cache").path)
            for file in cache where file.hasSuffix(".json") {
                let text = try scratch.read(".promptexp/cache/\(file)")
                #expect(!text.contains("1234567890"))
            }
        }
    }
}
