import Clocks
import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The runner against the fake provider server: the server's counts prove what was sent.
@Suite struct RunnerTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        let rows = (1...6).map { #"{"id": "r\#($0)", "question": "question number \#($0)"}"# }
        try folder.write("d.jsonl", rows.joined(separator: "\n") + "\n")
    }

    func plan(models: [ResolvedModel], repeats: Int = 1, params: [String: JSONValue] = [:]) throws -> RunPlan {
        let file = try PromptFile(
            text: "---\nparams: {max_tokens: 100}\n---\nsystem:\nBe brief.\nuser:\n{{question}}\n", path: "p.prompt")
        let variant = RunVariant(
            label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data(file.text.utf8)))
        var plan = RunPlan(
            dataset: DatasetFile(url: folder.file("d.jsonl"), displayPath: "d.jsonl"), variants: [variant],
            models: models,
            repeats: repeats, paramOverrides: params)
        plan = try plan.validated()
        return plan
    }

    func model(_ server: FakeProviderServer, price: ModelPrice? = nil) -> ResolvedModel {
        ResolvedModel(
            name: "fake", provider: ProviderConfig(name: "fake", kind: .openai, baseURL: server.baseURL),
            modelID: "fake-1",
            price: price)
    }

    func runner(
        _ server: FakeProviderServer, _ transport: HTTPTransport,
        options: RunnerOptions = RunnerOptions(concurrency: 3), useCache: Bool = true,
        control: RunControl = RunControl(),
        clock: AnyClock<Duration> = AnyClock(ContinuousClock()),
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) throws -> Runner {
        let cache = ResponseCache(directory: folder.file("cache"))
        let journal = try RunJournal(url: folder.file("journal.jsonl"))
        var options = options
        options.retry = RetryPolicy(maxRetries: options.retry.maxRetries, baseDelay: 0.01, maxDelay: 1)
        return Runner(
            providers: [
                "fake": OpenAIProvider(name: "fake", baseURL: server.baseURL, apiKey: "k", transport: transport)
            ],
            options: options, lookups: useCache ? [journal, cache] : [journal], cache: cache, journal: journal,
            control: control, clock: clock, onEvent: onEvent)
    }

    func results() throws -> [ResultRecord] {
        try ResultsFile.read(folder.file("out.jsonl"))
    }

    @Test func writesOneLinePerCallInPlanOrderWithSortedKeys() async throws {
        try await withFakeServer { server, transport in
            let plan = try plan(models: [model(server)], repeats: 2)
            let outcome = try await runner(server, transport).run(plan, writingTo: folder.file("out.jsonl"))
            #expect(outcome.stop == nil)
            #expect(server.requestCount == 12)
            let records = try results()
            #expect(records.map(\.rowID) == ["r1", "r1", "r2", "r2", "r3", "r3", "r4", "r4", "r5", "r5", "r6", "r6"])
            #expect(records.map(\.repeatIndex) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
            #expect(records[0].output == "answer to: question number 1")
            #expect(Set(records.map(\.requestHash)).count == 12)
            let firstLine = try String(contentsOf: folder.file("out.jsonl"), encoding: .utf8).split(separator: "\n")[0]
            #expect(firstLine.hasPrefix(#"{"cost":null,"error":null,"finish_reason":"stop","latency_ms":"#))
            #expect(outcome.summary.totalCalls == 12)
            #expect(outcome.summary.totalInputTokens == 12 * 11)
        }
    }

    @Test func retriesServerErrorsRateLimitsAndDropsThenSucceeds() async throws {
        try await withFakeServer { server, transport in
            server.script([.status(503), .rateLimited(retryAfter: "0"), .drop])
            let plan = try plan(models: [model(server)])
            let outcome = try await runner(server, transport, options: RunnerOptions(concurrency: 1))
                .run(plan, writingTo: folder.file("out.jsonl"))
            // The first call needed three retries; the other five went through at once.
            #expect(server.requestCount == 6 + 3)
            #expect(outcome.summary.totalErrors == 0)
            #expect(try results().allSatisfy { $0.succeeded })
        }
    }

    @Test func honoursRetryAfter() async throws {
        try await withFakeServer { server, transport in
            server.script([.rateLimited(retryAfter: "1")])
            let plan = try plan(models: [model(server)])
            let clock = TestClock()
            let runner = try runner(server, transport, options: RunnerOptions(concurrency: 1), clock: AnyClock(clock))
            let finished = DoneFlag()
            let run = Task {
                defer { finished.set() }
                return try await runner.run(plan, writingTo: folder.file("out.jsonl"))
            }
            // The retry waits the second the server asked for, on the test clock.
            let waited = await advance(clock, until: { finished.isSet })
            _ = try await run.value
            #expect(waited >= .seconds(1) && waited < .milliseconds(1100), "\(waited)")
            #expect(server.requestCount == 7)
        }
    }

    @Test func doesNotRetryAClientErrorAndTheRunGoesOn() async throws {
        try await withFakeServer { server, transport in
            server.script([.status(400, body: #"{"error": {"message": "unsupported parameter"}}"#)])
            let plan = try plan(models: [model(server)])
            let outcome = try await runner(server, transport, options: RunnerOptions(concurrency: 1))
                .run(plan, writingTo: folder.file("out.jsonl"))
            #expect(server.requestCount == 6)
            #expect(outcome.summary.totalErrors == 1)
            let records = try results()
            #expect(records.count == 6)
            #expect(records[0].error == "HTTP 400: unsupported parameter")
            #expect(records[0].output == nil)
            #expect(records[1...].allSatisfy { $0.succeeded })
        }
    }

    @Test func givesUpAfterTheLastRetryAndRecordsTheError() async throws {
        try await withFakeServer { server, transport in
            server.script([], then: .status(500))
            let plan = try plan(models: [model(server)])
            var options = RunnerOptions(concurrency: 2)
            options.retry = RetryPolicy(maxRetries: 2)
            let outcome = try await runner(server, transport, options: options).run(
                plan, writingTo: folder.file("out.jsonl"))
            #expect(server.requestCount == 6 * 3)
            #expect(outcome.summary.totalErrors == 6)
            // Errors are never cached: the next run tries them again.
            #expect(ResponseCache(directory: folder.file("cache")).stats().entries == 0)
        }
    }

    @Test func cacheHitsSendNothingAndGiveTheSameFile() async throws {
        try await withFakeServer { server, transport in
            let plan = try plan(models: [model(server)])
            // Each run's journal is removed as the commands do once its results are durable,
            // so what is reused here comes from the cache.
            _ = try await runner(server, transport).run(plan, writingTo: folder.file("out.jsonl"))
            try RunJournal.remove(at: folder.file("journal.jsonl"))
            let first = try Data(contentsOf: folder.file("out.jsonl"))
            #expect(server.requestCount == 6)
            let again = try await runner(server, transport).run(plan, writingTo: folder.file("out.jsonl"))
            try RunJournal.remove(at: folder.file("journal.jsonl"))
            #expect(server.requestCount == 6)
            #expect(again.summary.totalReused == 6)
            #expect(try Data(contentsOf: folder.file("out.jsonl")) == first)
            _ = try await runner(server, transport, useCache: false).run(plan, writingTo: folder.file("out.jsonl"))
            #expect(server.requestCount == 12)
        }
    }

    @Test func aStoppedRunResumesWithoutResendingFinishedCalls() async throws {
        try await withFakeServer { server, transport in
            let plan = try plan(models: [model(server)])
            let control = RunControl()
            let first = try await runner(
                server, transport, options: RunnerOptions(concurrency: 1), useCache: false, control: control
            ) { event in
                if case .progress(let progress) = event, progress.done == 2 { control.stop() }
            }.run(plan, writingTo: folder.file("out.jsonl"))
            #expect(first.stop == .interrupted)
            #expect(server.requestCount == 2)
            #expect(FileManager.default.fileExists(atPath: folder.file("journal.jsonl").path))

            let second = try await runner(server, transport, options: RunnerOptions(concurrency: 1), useCache: false)
                .run(plan, writingTo: folder.file("out.jsonl"))
            #expect(second.stop == nil)
            #expect(server.requestCount == 6)
            #expect(second.summary.totalReused == 2)
            #expect(try results().count == 6)
            // A completed run keeps its journal: the caller removes it once the results are
            // committed, so a kill between the run and the commit still resumes for free.
            #expect(FileManager.default.fileExists(atPath: folder.file("journal.jsonl").path))
        }
    }

    @Test func maxCostStopsSchedulingInTime() async throws {
        try await withFakeServer { server, transport in
            server.usage(input: 10_000, output: 10_000)
            // $1 per million tokens each way: a call costs $0.02 as answered; estimated
            // at about 10 input bytes / 4 and 100 output tokens, so the estimate is lower.
            let priced = model(server, price: ModelPrice(inputPerMillion: 1, outputPerMillion: 1))
            let plan = try plan(models: [priced])
            let outcome = try await runner(server, transport, options: RunnerOptions(concurrency: 1, maxCost: 0.05))
                .run(plan, writingTo: folder.file("out.jsonl"))
            guard case .budget(let limit, let spent)? = outcome.stop else {
                Issue.record("expected a budget stop, got \(String(describing: outcome.stop))")
                return
            }
            #expect(limit == 0.05)
            #expect(spent <= 0.06)
            #expect(server.requestCount == 3)
            #expect(try results().count == 3)
        }
    }

    @Test func cachedCallsDoNotCountAgainstTheBudget() async throws {
        try await withFakeServer { server, transport in
            let priced = model(server, price: ModelPrice(inputPerMillion: 1, outputPerMillion: 1))
            let plan = try plan(models: [priced])
            _ = try await runner(server, transport, options: RunnerOptions(concurrency: 4)).run(
                plan, writingTo: folder.file("out.jsonl"))
            #expect(server.requestCount == 6)
            // Each call is estimated at about $0.0001; four in flight would pass $0.0002,
            // but every one is a cache hit, so the rerun completes and spends nothing.
            let rerun = try await runner(server, transport, options: RunnerOptions(concurrency: 4, maxCost: 0.0002))
                .run(plan, writingTo: folder.file("out.jsonl"))
            #expect(rerun.stop == nil)
            #expect(rerun.summary.totalReused == 6)
            #expect(server.requestCount == 6)
        }
    }

    @Test func concurrencyIsBounded() async throws {
        try await withFakeServer { server, transport in
            // Every request waits until the test releases it: the runner fills its four
            // slots, and no more, however long the answers take.
            server.script([], then: .held)
            let plan = try plan(models: [model(server)], repeats: 3)
            let runner = try runner(server, transport, options: RunnerOptions(concurrency: 4))
            let finished = DoneFlag()
            let run = Task {
                defer { finished.set() }
                return try await runner.run(plan, writingTo: folder.file("out.jsonl"))
            }
            var rounds = 0
            while !finished.isSet, rounds < 10_000 {
                if server.heldCount == 4 || (server.heldCount > 0 && server.requestCount == 18) {
                    #expect(server.maxConcurrentRequests <= 4)
                    server.releaseHeld()
                }
                try await Task.sleep(for: .milliseconds(1))
                rounds += 1
            }
            let outcome = try await run.value
            #expect(outcome.summary.totalErrors == 0)
            #expect(server.requestCount == 18)
            #expect(server.maxConcurrentRequests == 4)
        }
    }

    @Test func aRateLimitSpacesRequestsOnceTheBurstIsSpent() async throws {
        // 120 a minute: the bucket starts full (providers allow a burst up to the limit),
        // then refills one request every half second.
        let clock = TestClock()
        let limiter = RateLimiter(requestsPerMinute: 120, tokensPerMinute: nil, clock: AnyClock(clock))
        for _ in 0..<120 { try await limiter.acquire(tokens: 1) }
        let finished = DoneFlag()
        let two = Task {
            for _ in 0..<2 { try await limiter.acquire(tokens: 1) }
            finished.set()
        }
        let waited = await advance(clock, until: { finished.isSet })
        try await two.value
        #expect(waited >= .milliseconds(1000) && waited < .milliseconds(1100), "\(waited)")
    }

    @Test func aTokenLimitHoldsBackLargeRequests() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(requestsPerMinute: nil, tokensPerMinute: 6_000, clock: AnyClock(clock))
        try await limiter.acquire(tokens: 6_000)
        let finished = DoneFlag()
        let next = Task {
            try await limiter.acquire(tokens: 100)
            finished.set()
        }
        let waited = await advance(clock, until: { finished.isSet })
        try await next.value
        // 100 tokens at 6,000 a minute refill in one second.
        #expect(waited >= .milliseconds(1000) && waited < .milliseconds(1100), "\(waited)")
    }

    @Test func aDryRunEstimatesWithoutSending() async throws {
        try await withFakeServer { server, transport in
            let priced = model(server, price: ModelPrice(inputPerMillion: 1, outputPerMillion: 2))
            let estimate = try runner(server, transport).estimate(try plan(models: [priced]))
            #expect(server.requestCount == 0)
            #expect(estimate.calls == 6)
            #expect(estimate.reused == 0)
            #expect(estimate.outputTokens == 600)
            #expect(estimate.cost > 0)
        }
    }

    @Test func aCanaryKeyAppearsInNoFileWritten() async throws {
        let canary = "canary-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        try await withFakeServer { server, transport in
            // A 400 (a 401 would stop the run at once) whose body echoes the key.
            server.script([.status(400, body: #"{"error": {"message": "bad key \#(canary)"}}"#), .status(500), .drop])
            let plan = try plan(models: [model(server)])
            let cache = ResponseCache(directory: folder.file("cache"))
            let journal = try RunJournal(url: folder.file("journal.jsonl"))
            let control = RunControl()
            let runner = Runner(
                providers: [
                    "fake": OpenAIProvider(name: "fake", baseURL: server.baseURL, apiKey: canary, transport: transport)
                ],
                options: RunnerOptions(concurrency: 2, retry: RetryPolicy(maxRetries: 1, baseDelay: 0.01)),
                lookups: [journal, cache], cache: cache, journal: journal, control: control
            ) { event in
                if case .progress(let progress) = event, progress.done == 4 { control.stop() }
            }
            _ = try await runner.run(plan, writingTo: folder.file("out.jsonl"))
            #expect(server.requests.contains { $0.header("authorization") == "Bearer \(canary)" })
        }
        var checked = 0
        for case let url as URL in FileManager.default.enumerator(at: folder.url, includingPropertiesForKeys: nil)! {
            guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { continue }
            checked += 1
            #expect(!String(decoding: data, as: UTF8.self).contains(canary), "\(url.lastPathComponent)")
        }
        #expect(checked >= 3)
    }
}

/// A server that reports no usage still charges: the budget counts an estimate.
@Suite struct BudgetWithoutUsageTests {
    @Test func maxCostStopsAServerThatSendsNoUsage() async throws {
        let folder = try TemporaryDirectory()
        let rows = (1...20).map { #"{"id": "r\#($0)", "question": "question number \#($0)"}"# }
        try folder.write("d.jsonl", rows.joined(separator: "\n") + "\n")
        try await withFakeServer { server, transport in
            // 4,000 bytes of answer ≈ 1,000 output tokens; at $10 per million each way a
            // call is estimated at about a cent.
            let text = String(repeating: "long answer ", count: 333)
            server.script(
                [],
                then: .status(
                    200,
                    body: #"{"choices": [{"message": {"content": "\#(text)"}, "finish_reason": "stop"}]}"#))
            let file = try PromptFile(text: "---\nparams: {max_tokens: 2000}\n---\n{{question}}\n", path: "p.prompt")
            let variant = RunVariant(
                label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data(file.text.utf8)))
            let model = ResolvedModel(
                name: "fake", provider: ProviderConfig(name: "fake", kind: .openai, baseURL: server.baseURL),
                modelID: "fake-1", price: ModelPrice(inputPerMillion: 10, outputPerMillion: 10))
            var plan = RunPlan(
                dataset: DatasetFile(url: folder.file("d.jsonl"), displayPath: "d.jsonl"), variants: [variant],
                models: [model], repeats: 1, paramOverrides: [:])
            plan = try plan.validated()
            let journal = try RunJournal(url: folder.file("journal.jsonl"))
            let runner = Runner(
                providers: [
                    "fake": OpenAIProvider(name: "fake", baseURL: server.baseURL, apiKey: "k", transport: transport)
                ],
                options: RunnerOptions(concurrency: 1, maxCost: 0.05), lookups: [journal], cache: nil, journal: journal)
            let outcome = try await runner.run(plan, writingTo: folder.file("out.jsonl"))
            guard case .budget(_, let spent)? = outcome.stop else {
                Issue.record("expected a budget stop, got \(String(describing: outcome.stop))")
                return
            }
            #expect(spent > 0.03 && spent <= 0.05)
            #expect(server.requestCount < 20)
        }
    }
}

/// Long answers: a results line keeps a bounded beginning and says how long the answer was;
/// the runner's buffer of unwritten answers follows a byte budget.
@Suite struct LargeAnswerTests {
    func run(maxStored: Int?, bufferBytes: Int) async throws -> (records: [ResultRecord], fileBytes: Int) {
        let folder = try TemporaryDirectory()
        let rows = (1...12).map { #"{"id": "r\#($0)", "question": "question number \#($0)"}"# }
        try folder.write("d.jsonl", rows.joined(separator: "\n") + "\n")
        return try await withFakeServer { server, transport in
            // One megabyte of text in each answer, with a multi-byte character at the cut.
            let big = String(repeating: "é", count: 512 * 1024)
            server.answer { _ in big }
            let file = try PromptFile(text: "{{question}}\n", path: "p.prompt")
            let variant = RunVariant(
                label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data(file.text.utf8)))
            let model = ResolvedModel(
                name: "fake", provider: ProviderConfig(name: "fake", kind: .openai, baseURL: server.baseURL),
                modelID: "fake-1", price: nil)
            var plan = RunPlan(
                dataset: DatasetFile(url: folder.file("d.jsonl"), displayPath: "d.jsonl"), variants: [variant],
                models: [model], repeats: 1, paramOverrides: [:])
            plan = try plan.validated()
            let journal = try RunJournal(url: folder.file("journal.jsonl"))
            var options = RunnerOptions(concurrency: 4)
            options.maxStoredOutputBytes = maxStored
            options.bufferedBytesLimit = bufferBytes
            let runner = Runner(
                providers: [
                    "fake": OpenAIProvider(name: "fake", baseURL: server.baseURL, apiKey: "k", transport: transport)
                ],
                options: options, lookups: [journal], cache: nil, journal: journal)
            let outcome = try await runner.run(plan, writingTo: folder.file("out.jsonl"))
            #expect(outcome.stop == nil)
            let size = try FileManager.default.attributesOfItem(atPath: folder.file("out.jsonl").path)[.size] as? Int
            return (try ResultsFile.read(folder.file("out.jsonl")), size ?? 0)
        }
    }

    @Test func aLongAnswerIsCutBetweenCharactersAndItsSizeRecorded() async throws {
        let (records, fileBytes) = try await run(maxStored: 1001, bufferBytes: 2 * 1024 * 1024)
        #expect(records.map(\.rowID) == (1...12).map { "r\($0)" })
        for record in records {
            #expect(record.output?.utf8.count == 1000)
            #expect(record.output?.allSatisfy { $0 == "é" } == true)
            #expect(record.outputBytes == 1024 * 1024)
        }
        #expect(fileBytes < 12 * 2000)
        let line = try #require(records.first?.canonicalLine)
        #expect(line.contains(#""output_bytes":1048576,"prompt_blob""#))
        #expect(ResultRecord(json: try JSONValue.parse(Data(line.utf8)))?.outputBytes == 1024 * 1024)
    }

    @Test func keepLargeKeepsEveryAnswerWholeUnderASmallBuffer() async throws {
        let (records, _) = try await run(maxStored: nil, bufferBytes: 1)
        #expect(records.map(\.rowID) == (1...12).map { "r\($0)" })
        #expect(records.allSatisfy { $0.output?.utf8.count == 1024 * 1024 && $0.outputBytes == nil })
    }
}

/// The mock's answers are free and not cached, but an interrupted run still resumes with
/// them, as the message after Ctrl-C says it will.
@Suite struct MockResumeTests {
    @Test func anInterruptedMockRunResumesWithoutRunningItsFinishedCallsAgain() async throws {
        let folder = try TemporaryDirectory()
        let rows = (1...10).map { #"{"id": "r\#($0)", "question": "question number \#($0)"}"# }
        try folder.write("d.jsonl", rows.joined(separator: "\n") + "\n")
        let file = try PromptFile(text: "{{question}}\n", path: "p.prompt")
        let variant = RunVariant(
            label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data(file.text.utf8)))
        let model = ResolvedModel(
            name: "mock/echo", provider: ProviderConfig(name: "mock", kind: .mock), modelID: "echo",
            price: ModelPrice(inputPerMillion: 0, outputPerMillion: 0))
        var plan = RunPlan(
            dataset: DatasetFile(url: folder.file("d.jsonl"), displayPath: "d.jsonl"), variants: [variant],
            models: [model], repeats: 1, paramOverrides: [:])
        plan = try plan.validated()
        func runner(_ control: RunControl, onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws -> Runner
        {
            let journal = try RunJournal(url: folder.file("journal.jsonl"))
            return Runner(
                providers: ["mock": MockProvider()], options: RunnerOptions(concurrency: 1), lookups: [journal],
                cache: nil, journal: journal, control: control, onEvent: onEvent)
        }
        let control = RunControl()
        let stopped = try await runner(control) { event in
            if case .progress(let progress) = event, progress.done >= 4 { control.stop() }
        }.run(plan, writingTo: folder.file("out.jsonl"))
        #expect(stopped.stop == .interrupted)
        let finished = stopped.summary.totalCalls
        #expect(finished >= 4 && finished < 10)
        #expect(try RunJournal(url: folder.file("journal.jsonl")).count == finished)
        let resumed = try await runner(RunControl()).run(plan, writingTo: folder.file("out.jsonl"))
        #expect(resumed.stop == nil)
        #expect(resumed.summary.totalReused == finished)
        #expect(resumed.summary.sentCalls == 10 - finished)
    }
}
