import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `promptexp run` from the built binary against the fake provider server.
@Suite struct RunCommandTests {
    static let canary = "canary-key-run-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"

    func project(serverURL: String) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let rows = (1...8).map { #"{"id": "q\#($0)", "question": "what is \#($0) + \#($0)?"}"# }
        try scratch.commit(
            [
                "prompts/math.prompt":
                    "---\nparams: {max_tokens: 20}\n---\nsystem:\nAnswer with a number.\nuser:\n{{question}}\n",
                "datasets/sums.jsonl": rows.joined(separator: "\n") + "\n",
                ".promptexp/config.yaml": """
                providers:
                  fake:
                    kind: openai
                    base_url: \(serverURL)/v1
                    api_key_env: FAKE_PROVIDER_KEY
                models:
                  fake-model:
                    provider: fake
                    model: f1
                    input_per_million: 1
                    output_per_million: 2
                defaults:
                  concurrency: 2
                  max_retries: 2

                """,
            ], message: "math prompt")
        return scratch
    }

    func promptexp(_ arguments: [String], _ scratch: ScratchRepository, key: String? = canary) throws -> ProcessResult {
        var extra: [String: String] = [:]
        if let key { extra["FAKE_PROVIDER_KEY"] = key }
        return try scratch.promptexp(arguments, extra: extra, timeout: 60)
    }

    @Test func runsWritesResultsAndReusesTheCache() async throws {
        try await withFakeServer { server, _ in
            let scratch = try project(serverURL: server.baseURL)
            let arguments = ["run", "math", "--dataset", "sums", "--model", "fake-model", "--out", "out.jsonl"]
            let first = try promptexp(arguments, scratch)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(server.requestCount == 8)
            #expect(first.standardOutput.contains("results: out.jsonl"))
            #expect(first.standardOutput.contains("fake-model"))
            let records = try ResultsFile.read(scratch.root.appendingPathComponent("out.jsonl"))
            #expect(records.map(\.rowID) == (1...8).map { "q\($0)" })
            #expect(records.allSatisfy { abs(($0.cost ?? 0) - 0.000025) < 1e-12 })
            let bytes = try Data(contentsOf: scratch.root.appendingPathComponent("out.jsonl"))

            let second = try promptexp(arguments, scratch)
            #expect(second.status == 0)
            #expect(server.requestCount == 8)
            #expect(try Data(contentsOf: scratch.root.appendingPathComponent("out.jsonl")) == bytes)

            let dry = try promptexp(arguments + ["--dry-run", "--no-cache"], scratch)
            #expect(dry.status == 0)
            #expect(dry.standardOutput.contains("calls: 8"))
            #expect(dry.standardOutput.contains("estimate: input tokens ≈ message bytes / 4"))
            // Answers of the earlier run size the output estimate (the cache is bypassed).
            #expect(dry.standardOutput.contains("7 per call, the mean of 8 earlier answers in out.jsonl"))
            #expect(server.requestCount == 8)

            // The key went to the server and nowhere else.
            #expect(server.requests.allSatisfy { $0.header("authorization") == "Bearer \(Self.canary)" })
            for case let url as URL in FileManager.default.enumerator(
                at: scratch.root, includingPropertiesForKeys: nil)!
            {
                guard !url.path.contains("/.git/objects/"), let data = FileManager.default.contents(atPath: url.path)
                else { continue }
                #expect(!String(decoding: data, as: UTF8.self).contains(Self.canary), "\(url.path)")
            }
            #expect(!first.standardOutput.contains(Self.canary) && !first.standardError.contains(Self.canary))
        }
    }

    @Test func aMissingKeyIsOneClearErrorAndNothingIsSent() async throws {
        try await withFakeServer { server, _ in
            let scratch = try project(serverURL: server.baseURL)
            let result = try promptexp(
                ["run", "math", "--dataset", "sums", "--model", "fake-model"], scratch, key: nil)
            #expect(result.status == 1)
            #expect(
                result.standardError
                    == "error: provider 'fake' needs an API key: set the environment variable FAKE_PROVIDER_KEY\n")
            #expect(server.requestCount == 0)
        }
    }

    @Test func aMissingInputStopsTheRunBeforeAnyCall() async throws {
        try await withFakeServer { server, _ in
            let scratch = try project(serverURL: server.baseURL)
            try scratch.write(
                "datasets/bad.jsonl", #"{"id": "a", "question": "1"}"# + "\n" + #"{"id": "b", "asked": "2"}"# + "\n")
            let result = try promptexp(
                ["run", "math", "--dataset", "bad", "--model", "fake-model", "--out", "out.jsonl"], scratch)
            #expect(result.status == 1)
            #expect(
                result.standardError
                    == "error: datasets/bad.jsonl:2 (row b): missing input 'question' required by prompt 'math'\n")
            #expect(server.requestCount == 0)
            #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("out.jsonl").path))
        }
    }

    @Test func aKilledRunResumesWithoutPayingForFinishedCallsAgain() async throws {
        try await withFakeServer { server, _ in
            let scratch = try project(serverURL: server.baseURL)
            // Four answers, then the fifth request is held: the kill comes with it in flight.
            server.script(Array(repeating: .answer, count: 4), then: .held)
            let arguments = [
                "run", "math", "--dataset", "sums", "--model", "fake-model", "--concurrency", "1", "--no-cache",
                "--out", "out.jsonl",
            ]
            // Wait until a few calls have finished, then kill -9.
            try ProcessRunner.startThenKill(
                PackagePaths.binary, arguments, in: scratch.root,
                environment: ProcessRunner.isolatedEnvironment(
                    home: scratch.home.url, extra: ["FAKE_PROVIDER_KEY": Self.canary]),
                when: { server.heldCount == 1 })
            #expect(server.requestCount == 5)
            server.script([], then: .answer)
            server.releaseHeld()

            let resumed = try promptexp(arguments, scratch)
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(resumed.standardError.contains("resuming"))
            // Every question was answered once, except at most the one in flight at the kill.
            let bodies = server.requests.map(\.body)
            let repeats = Dictionary(grouping: bodies, by: { $0 }).values.filter { $0.count > 1 }
            #expect(repeats.count <= 1)
            #expect(repeats.allSatisfy { $0.count == 2 })
            #expect(Set(bodies).count == 8)
            #expect(try ResultsFile.read(scratch.root.appendingPathComponent("out.jsonl")).count == 8)
        }
    }
}

/// A dry run sends nothing, so it needs no key, and a limit is printed as it was set.
@Suite struct DryRunAndLimitTests {
    @Test func aDryRunNeedsNoKey() async throws {
        let scratch = try ScratchRepository()
        let variable = "PROMPTEXP_TEST_UNSET_KEY_\(UInt32.random(in: 0...UInt32.max))"
        try scratch.commit(
            [
                "prompts/p.prompt": "---\nmodel: remote\n---\nuser:\n{{q}}\n",
                "datasets/d.jsonl": "{\"id\": \"a\", \"q\": \"hi\"}\n",
                ".promptexp/config.yaml":
                    "providers:\n  far: {kind: openai, base_url: \"http://127.0.0.1:9/v1\", api_key_env: \(variable)}\nmodels:\n  remote: {provider: far, input_per_million: 1, output_per_million: 2}\n",
            ], message: "setup")
        let dry = await CommandHarness.run(["run", "p", "--dataset", "d", "--dry-run", "-C", scratch.root.path])
        #expect(dry.exitCode == 0, "\(dry.error ?? "")")
        #expect(dry.standardOutput.contains("dry run: nothing sent"))
        // The real run needs the key, and says which variable.
        let real = await CommandHarness.run(["run", "p", "--dataset", "d", "-C", scratch.root.path])
        #expect(real.exitCode == 1)
        #expect(real.error?.contains(variable) == true)
    }

    @Test func aCostLimitIsPrintedWithAllItsDigits() {
        #expect(NumberText.moneyLimit(0.001) == "$0.001")
        #expect(NumberText.moneyLimit(0.0005) == "$0.0005")
        #expect(NumberText.moneyLimit(2.5) == "$2.50")
        #expect(NumberText.moneyLimit(5) == "$5.00")
    }
}
