import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The one run sequence, in-process against the fake provider server: each mode, each way
/// a run stops, and what its observer sees, in order. The binary tests then only cover the
/// command line.
@Suite struct RunSequenceTests {
    /// Notes what the sequence shows it, in order; answers the question as told.
    final class RecordingObserver: RunObserver, @unchecked Sendable {
        // @unchecked: `seen` is only read and written under `lock`.
        let control = RunControl()
        let asksFirst: Bool
        let answer: Bool
        private let lock = NSLock()
        private var seen: [String] = []

        init(asksFirst: Bool = false, answer: Bool = true) {
            self.asksFirst = asksFirst
            self.answer = answer
        }

        var events: [String] { lock.withLock { seen } }
        private func note(_ event: String) { lock.withLock { seen.append(event) } }

        func warning(_ message: String) { note("warning: \(message)") }
        func planned(_ estimate: CostEstimate, of job: RunJob) { note("planned \(estimate.toSend) to send") }
        func confirm(_ estimate: CostEstimate) -> Bool {
            note("asked")
            return answer
        }
        func declined() { note("declined") }
        func sending(_ job: RunJob) { note("sending") }
        func ended(_ job: RunJob) { note("ended") }
        func runEvent(_ event: RunEvent) {
            if case .started(let total) = event { note("started \(total)") }
        }
        func merged(parts: Int, into job: RunJob) { note("merged \(parts)") }
        func batchEvent(_ event: BatchEvent) {
            switch event {
            case .submitted(_, _, _, let requests): note("submitted \(requests)")
            case .collected(_, let answered, _): note("collected \(answered)")
            default: break
            }
        }
        func batchesOpen(_ report: BatchRun.Report, of job: RunJob) { note("open \(report.waitingCalls)") }
        func shardWritten(_ shard: Shard, of job: RunJob) { note("shard \(shard)") }
        func finished(_ result: RunJob.Result, of job: RunJob) {
            note("finished \(result.outcome.summary.totalCalls) calls")
        }
    }

    /// A project whose prompt `p` runs on the fake server over four rows, scored by
    /// `not-empty`.
    static func project(_ server: FakeProviderServer, keyVariable: String? = nil) throws -> (ScratchRepository, Project)
    {
        let scratch = try ScratchRepository()
        let key = keyVariable.map { ", api_key_env: \($0)" } ?? ""
        let files = [
            "prompts/p.prompt":
                "---\nmodel: m\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\nuser:\nAnswer {{q}}\n",
            "datasets/d.jsonl": (1...4).map { #"{"id": "r\#($0)", "q": "question \#($0)"}"# }.joined(
                separator: "\n") + "\n",
            ".gitignore": ".promptexp/cache/\n.promptexp/runs/\n",
            ".promptexp/config.yaml": """
            providers:
              fake: {kind: openai, base_url: "\(server.baseURL)/v1"\(key)}
            models:
              m: {provider: fake, input_per_million: 1000, output_per_million: 1000}

            """,
        ]
        for (path, text) in files { try scratch.write(path, text) }
        try scratch.commit(files, message: "setup")
        return (scratch, try Project.open(at: scratch.root))
    }

    static func promptRun(_ project: Project, _ settings: RunSettings = RunSettings()) throws -> PromptRun {
        try PromptRun(
            project: project, prompt: try project.resolve("p", at: nil), settings: settings, output: nil)
    }

    /// `PromptRun.perform` with `observer`, on a context of its own.
    static func perform(_ run: PromptRun, _ settings: RunSettings, observer: any RunObserver) async throws
        -> PromptRun.Performed?
    {
        try await RunContext.use(project: run.project, settings: settings) { context in
            let evaluation = try EvaluatorSet(
                context: context, names: run.evaluatorNames, useCache: settings.useCache, output: run.job.output,
                dryRun: settings.dryRun)
            return try await run.perform(in: context, evaluation: evaluation, observer: observer)
        }
    }

    @Test func aWholeRunIsPlannedAskedSentAndSummedUpInThatOrder() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            let observer = RecordingObserver(asksFirst: true)
            let done = try #require(
                try await Self.perform(try Self.promptRun(project), RunSettings(), observer: observer))
            #expect(
                observer.events == ["planned 4 to send", "asked", "sending", "started 4", "finished 4 calls", "ended"])
            #expect(server.requestCount == 4)
            #expect(done.problem == nil)
            #expect(done.scoredBy == ["not-empty"])
            // Scored, and the journal is gone once the results are written.
            #expect(done.result.digest.variants.first?.passRate == 1)
            let journal = try Self.promptRun(project).job.journalURL
            #expect(!FileManager.default.fileExists(atPath: journal.path))
        }
    }

    @Test func aDeclinedQuestionAndADryRunSendNothing() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            let declining = RecordingObserver(asksFirst: true, answer: false)
            #expect(try await Self.perform(try Self.promptRun(project), RunSettings(), observer: declining) == nil)
            #expect(declining.events == ["planned 4 to send", "asked", "declined"])

            var dry = RunSettings()
            dry.dryRun = true
            let observer = RecordingObserver()
            #expect(try await Self.perform(try Self.promptRun(project, dry), dry, observer: observer) == nil)
            #expect(observer.events == ["planned 4 to send"])
            #expect(server.requestCount == 0)
            #expect(
                !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent(".promptexp/runs").path))
        }
    }

    @Test func aMissingKeyStopsARealRunBeforeThePlanAndIsAWarningInADryRun() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server, keyVariable: "SEQUENCE_FAKE_KEY")
            defer { withExtendedLifetime(scratch) {} }
            let observer = RecordingObserver(asksFirst: true)
            await #expect(throws: ProviderSetupError.self) {
                _ = try await Self.perform(try Self.promptRun(project), RunSettings(), observer: observer)
            }
            #expect(observer.events.isEmpty)

            var dry = RunSettings()
            dry.dryRun = true
            let dryObserver = RecordingObserver()
            _ = try await Self.perform(try Self.promptRun(project, dry), dry, observer: dryObserver)
            #expect(dryObserver.events.first?.hasPrefix("warning: ") == true)
            #expect(dryObserver.events.first?.contains("SEQUENCE_FAKE_KEY") == true)
            #expect(dryObserver.events.first?.hasSuffix("(a real run stops here)") == true)
            #expect(dryObserver.events.last == "planned 4 to send")
            #expect(server.requestCount == 0)
        }
    }

    @Test func shardsWriteTheirPartsAndTheMergeScoresAndRemovesThem() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            var parts: [URL] = []
            for index in 1...2 {
                var settings = RunSettings()
                settings.shard = Shard(index: index, count: 2)
                let observer = RecordingObserver()
                let run = try Self.promptRun(project, settings)
                #expect(try await Self.perform(run, settings, observer: observer) == nil)
                #expect(observer.events.contains("shard \(index)/2"))
                #expect(observer.events.last == "ended")
                parts.append(run.job.output)
                #expect(FileManager.default.fileExists(atPath: run.job.output.path))
            }
            #expect(server.requestCount == 4)

            var merge = RunSettings()
            merge.mergeParts = []
            let observer = RecordingObserver()
            let run = try Self.promptRun(project, merge)
            #expect(run.job.mode == .merge(parts: parts, discovered: true))
            let done = try #require(try await Self.perform(run, merge, observer: observer))
            #expect(observer.events == ["merged 2", "finished 4 calls"])
            #expect(done.scoredBy == ["not-empty"])
            #expect(server.requestCount == 4)
            // The parts were found beside the results, which now hold them: they go.
            #expect(parts.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) })
        }
    }

    @Test func batchModeSubmitsThenCollectsAndNeverSendsAHeldCallDirectly() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            var settings = RunSettings()
            settings.batch = true
            // First pass: submitted, still running at the provider; nothing to score yet.
            let first = RecordingObserver()
            #expect(try await Self.perform(try Self.promptRun(project, settings), settings, observer: first) == nil)
            #expect(first.events == ["sending", "submitted 4", "open 4", "ended"])
            // Second pass (no --batch: the ledger says batches are open): still running.
            let second = RecordingObserver()
            #expect(
                try await Self.perform(try Self.promptRun(project), RunSettings(), observer: second) == nil)
            #expect(second.events == ["sending", "open 4", "ended"])
            // Third pass: the batch has ended; collected, run from the journal, summed up.
            let third = RecordingObserver()
            let done = try #require(
                try await Self.perform(try Self.promptRun(project), RunSettings(), observer: third))
            #expect(third.events == ["sending", "collected 4", "started 4", "finished 4 calls", "ended"])
            #expect(done.problem == nil)
            #expect(server.requestCount == 0)
            #expect(server.batches.created == (1, 4))
        }
    }

    @Test func anExperimentRunIsCommittedOnItsBranchThroughTheSameSequence() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            _ = try project.createExperiment(ExperimentRequest(name: "k", prompt: "p"))
            try scratch.write(
                "prompts/p.prompt",
                "---\nmodel: m\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\nuser:\nPlease answer {{q}}\n"
            )
            var experiment = try ExperimentRun(project: project, name: "k", settings: RunSettings(), baseFromLog: false)
            let observer = RecordingObserver(asksFirst: true)
            let done = try await RunContext.use(project: project, settings: RunSettings()) { context in
                let evaluation = try EvaluatorSet(
                    context: context, names: experiment.evaluatorNames, useCache: true, output: experiment.job.output)
                return try await experiment.perform(
                    in: context, evaluation: evaluation, commit: true, observer: observer)
            }
            let performed = try #require(done)
            // Four rows see no drop at all: the run says so before it plans.
            #expect(
                observer.events == [
                    "warning: 4 rows cannot detect any drop short of a total one at 80% power (if 20.0% of rows flip); the margin is 2.0 points: promptexp plan p says how many it takes",
                    "planned 8 to send", "asked", "sending", "started 8", "finished 8 calls", "ended",
                ])
            #expect(performed.commit != nil)
            #expect(performed.outcome.digest.pairs == 4)
            #expect(try scratch.git("log", "-1", "--format=%s", "exp/k").hasPrefix("exp k: run"))
            #expect(try scratch.git("status", "--porcelain") == "")
        }
    }

    /// `check`'s observer also hears which prompt starts.
    final class RecordingCheckObserver: CheckObserver, @unchecked Sendable {
        let recording = RecordingObserver()
        var control: RunControl { recording.control }
        func checking(_ target: CheckTarget, plan: CheckPlan) { recording.warning("checking \(target.prompt)") }
        func runEvent(_ event: RunEvent) { recording.runEvent(event) }
        func finished(_ result: RunJob.Result, of job: RunJob) { recording.finished(result, of: job) }
    }

    @Test func aCheckRunsEachChangedPromptThroughTheSameSequence() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            let changed =
                "---\nmodel: m\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\nuser:\nKindly answer {{q}}\n"
            try scratch.write("prompts/p.prompt", changed)
            try scratch.commit(["prompts/p.prompt": changed], message: "kinder")
            let check = try CheckRun(
                project: project, request: CheckRequest(base: "HEAD~1", head: "HEAD"), settings: RunSettings())
            let observer = RecordingCheckObserver()
            let found = try await RunContext.use(project: project, settings: RunSettings()) { context in
                let evaluation = try EvaluatorSet(
                    context: context, names: check.evaluatorNames, useCache: true, output: check.judgesJournalKey)
                return try await check.run(in: context, evaluation: evaluation, observer: observer)
            }
            let result = try #require(found)
            #expect(observer.recording.events == ["warning: checking p", "started 8", "finished 8 calls"])
            #expect(result.report.subjects.map(\.prompt) == ["p"])
            #expect(result.failedCalls.isEmpty)
            #expect(server.requestCount == 8)
        }
    }

    @Test func eachWayARunStopsIsReportedWithItsFinishedCallsKept() async throws {
        try await withFakeServer { server, _ in
            let (scratch, project) = try Self.project(server)
            defer { withExtendedLifetime(scratch) {} }
            // A refused key: the first 401 stops the run.
            server.script([.status(401, body: #"{"error": {"message": "Incorrect API key"}}"#)], then: .answer)
            var serial = RunSettings()
            serial.concurrency = 1
            let refused = try #require(
                try await Self.perform(try Self.promptRun(project, serial), serial, observer: RecordingObserver()))
            guard case .refused(_, let status, let message, _)? = refused.result.outcome.stop else {
                Issue.record("not refused: \(String(describing: refused.result.outcome.stop))")
                return
            }
            #expect(status == 401)
            #expect(message.contains("Incorrect API key"))
            #expect(refused.problem?.description.contains("provider fake: 401") == true)
            #expect(refused.scoredBy.isEmpty)

            // Stopped by the person before anything is sent: interrupted, kept for a resume.
            let stopping = RecordingObserver()
            stopping.control.stop()
            let interrupted = try #require(
                try await Self.perform(try Self.promptRun(project, serial), serial, observer: stopping))
            #expect(interrupted.result.outcome.stop == .interrupted)
            #expect(interrupted.problem?.description.hasPrefix("interrupted: finished calls are kept") == true)

            // A budget smaller than one call: nothing more is sent.
            var capped = serial
            capped.maxCost = 0.000_001
            let sentBefore = server.requestCount
            let budget = try #require(
                try await Self.perform(try Self.promptRun(project, capped), capped, observer: RecordingObserver()))
            guard case .budget? = budget.result.outcome.stop else {
                Issue.record("not stopped by the budget: \(String(describing: budget.result.outcome.stop))")
                return
            }
            #expect(server.requestCount == sentBefore)
            #expect(budget.problem?.description.hasPrefix("stopped by --max-cost") == true)
        }
    }
}
