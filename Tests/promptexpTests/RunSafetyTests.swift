import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Two runs at once and `kill -9` at each step of committing a run, from the binary against
/// the fake provider server: never an empty results file, never a call paid twice.
@Suite struct RunSafetyTests {
    /// A repository with a six-row dataset and an experiment `k` whose candidate differs
    /// from its base, so a run makes 12 calls; the fake server answers with the question.
    static func experiment(_ server: FakeProviderServer) throws -> (ScratchRepository, [String: String]) {
        let scratch = try ScratchRepository()
        let rows = (1...6).map { #"{"id": "q\#($0)", "question": "what is \#($0)?"}"# }
        try scratch.commit(
            [
                "prompts/math.prompt": "---\ntags: [production]\n---\nuser:\n{{question}}\n",
                "datasets/sums.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml":
                    "providers:\n  fake: {kind: openai, base_url: \"\(server.baseURL)/v1\"}\nmodels:\n  fake-model: {provider: fake}\n",
            ], message: "math prompt")
        let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        let new = try scratch.promptexp(
            ["exp", "new", "k", "--prompt", "math", "--dataset", "sums", "--model", "fake-model"],
            environment: environment)
        #expect(new.status == 0, "\(new.standardError)")
        try scratch.write("prompts/math.prompt", "---\ntags: [production]\n---\nuser:\nPlease answer: {{question}}\n")
        server.answer { request in "answer to: " + (FakeProviderServer.lastUserText(in: request) ?? "") }
        return (scratch, environment)
    }

    @Test func aSecondRunOfTheSameExperimentRefusesNamingTheHolder() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server)
            // The first run's first request is held: it is surely running while the second starts.
            server.script([.held], then: .answer)
            let first = try RunningProcess(
                PackagePaths.binary, ["exp", "run", "--quiet", "--concurrency", "1"], in: scratch.root,
                environment: environment)
            #expect(RunningProcess.waitUntil { server.heldCount == 1 })
            let second = try scratch.promptexp(
                ["exp", "run", "--quiet", "--concurrency", "1"], environment: environment)
            #expect(second.status == 1)
            #expect(server.releaseHeld() == 1)
            #expect(
                second.standardError == """
                    error: another promptexp (pid \(first.pid)) is already running .promptexp/experiments/k/results.jsonl: \
                    wait for it to finish, or stop it, then run this again

                    """)
            let done = first.wait()
            #expect(done.status == 0, "\(done.standardError)")
            // Every call once, and a whole results file committed.
            #expect(server.requestCount == 12)
            #expect(Set(server.requests.map(\.body)).count == 12)
            let results = try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl")
            #expect(results.split(separator: "\n").count == 12)
            #expect(try scratch.git("status", "--porcelain") == "")
        }
    }

    @Test(arguments: ["results-written", "commit-object-written", "index-written", "branch-moved"])
    func aKillAtAnyStepOfTheCommitIsCompletedByTheNextRunForFree(step: String) async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Self.experiment(server)
            let killed = try ProcessRunner.run(
                PackagePaths.binary, ["exp", "run", "--quiet"], in: scratch.root,
                environment: environment.merging(["PROMPTEXP_TEST_KILL_AT": step], uniquingKeysWith: { $1 }))
            #expect(killed.status == SIGKILL, "the run should have died at \(step): \(killed.standardError)")
            #expect(server.requestCount == 12)

            let again = try scratch.promptexp(["exp", "run", "--quiet"], environment: environment)
            #expect(again.status == 0, "\(again.standardError)")
            // Nothing paid twice: the journal outlived the kill.
            #expect(server.requestCount == 12)
            let subjects = try scratch.git("log", "--format=%s", "exp/k").split(separator: "\n")
            #expect(subjects.count == 3, "\(subjects)")
            #expect(subjects.first?.hasPrefix("exp k: run") == true)
            // HEAD, the index and the working tree agree: nothing a next `git commit` would undo.
            #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
            #expect(
                try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl").split(separator: "\n").count
                    == 12)
            let journals = scratch.root.appendingPathComponent(".git/promptexp/journal")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).isEmpty)
            try scratch.git("fsck", "--full")
        }
    }
}
