import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `exp new` → edit → `exp run` → edit → `exp run` from the built binary, against the fake
/// provider server; the real git checks every step.
@Suite struct ExpRunCommandTests {
    @Test func runsCommitsAndReusesCommittedBaseAnswers() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            let rows = (1...4).map { #"{"id": "q\#($0)", "question": "what is \#($0) + \#($0)?"}"# }
            try scratch.commit(
                [
                    "prompts/math.prompt":
                        "---\ntags: [production]\n---\nsystem:\nAnswer with a number.\nuser:\n{{question}}\n",
                    "datasets/sums.jsonl": rows.joined(separator: "\n") + "\n",
                    ".gitignore": ".promptexp/cache/\n",
                    ".promptexp/config.yaml": """
                    providers:
                      fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                    models:
                      fake-model: {provider: fake, input_per_million: 1, output_per_million: 1}

                    """,
                ], message: "math prompt")
            // The fake model's answer depends on the whole conversation, system prompt included.
            server.answer { request in
                let messages = request.json?["messages"]?.arrayValue ?? []
                return "answer to: " + messages.compactMap { $0["content"]?.stringValue }.joined(separator: " / ")
            }
            func promptexp(_ arguments: String...) throws -> ProcessResult {
                try scratch.promptexp(arguments, timeout: 60)
            }

            let new = try promptexp(
                "exp", "new", "terse", "--prompt", "math", "--dataset", "sums", "--model", "fake-model")
            #expect(new.status == 0, "\(new.standardError)")
            try scratch.write(
                "prompts/math.prompt",
                "---\ntags: [production]\n---\nsystem:\nAnswer with a number only.\nuser:\n{{question}}\n")

            let first = try promptexp("exp", "run", "--quiet")
            #expect(first.status == 0, "\(first.standardError)")
            #expect(server.requestCount == 8)
            #expect(first.standardOutput.contains("changed outputs: 4 of 4"))
            #expect(try scratch.git("log", "--format=%s", "exp/terse").split(separator: "\n").count == 3)
            #expect(try scratch.git("status", "--porcelain") == "")
            #expect(
                try scratch.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").sorted() == [
                    ".promptexp/experiments/terse/report.md", ".promptexp/experiments/terse/results.jsonl",
                    ".promptexp/experiments/terse/summary.json", "prompts/math.prompt",
                ])
            let results = try scratch.git("show", "HEAD:.promptexp/experiments/terse/results.jsonl")
            let records = try results.split(separator: "\n").map {
                try #require(ResultRecord(json: JSONValue.parse(Data($0.utf8))))
            }
            #expect(
                records.map(\.variant) == [
                    "base", "candidate", "base", "candidate", "base", "candidate", "base", "candidate",
                ])
            #expect(records.map(\.rowID) == ["q1", "q1", "q2", "q2", "q3", "q3", "q4", "q4"])
            #expect(try scratch.git("rev-parse", "main") == (try scratch.git("rev-parse", "exp/terse~2")))

            // Without the cache, the base answers still come from the committed results.
            #expect(try promptexp("cache", "clear").status == 0)
            try scratch.write(
                "prompts/math.prompt",
                "---\ntags: [production]\n---\nsystem:\nReply with digits.\nuser:\n{{question}}\n")
            let second = try promptexp("exp", "run", "--quiet")
            #expect(second.status == 0, "\(second.standardError)")
            #expect(server.requestCount == 12)
            let diff = try scratch.git(
                "diff", "--stat", "HEAD~1", "HEAD", "--", ".promptexp/experiments/terse/results.jsonl")
            #expect(diff.contains("4 insertions(+), 4 deletions(-)"))
            let again = try promptexp("exp", "run", "--quiet")
            #expect(again.standardOutput.contains("nothing changed since the last committed run"))
            #expect(server.requestCount == 12)
            try scratch.git("fsck", "--full")
        }
    }

    @Test func aKilledExpRunResumesAndCommitsOnce() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            // Four answers, then the fifth request is held: the kill comes with it in flight.
            server.script(Array(repeating: .answer, count: 4), then: .held)

            try ProcessRunner.startThenKill(
                PackagePaths.binary, ["exp", "run", "--quiet", "--concurrency", "1", "--no-cache"], in: scratch.root,
                environment: environment, when: { server.heldCount == 1 })
            #expect(server.requestCount == 5)
            #expect(try scratch.git("log", "--format=%s", "exp/k").split(separator: "\n").count == 2)
            server.script([], then: .answer)
            server.releaseHeld()

            let resumed = try scratch.promptexp(
                ["exp", "run", "--quiet", "--concurrency", "1", "--no-cache"], environment: environment, timeout: 60)
            #expect(resumed.status == 0, "\(resumed.standardError)")
            // 12 calls in all; only the one in flight at the kill may have been sent twice.
            #expect(server.requestCount <= 13)
            #expect(Set(server.requests.map(\.body)).count == 12)
            let subjects = try scratch.git("log", "--format=%s", "exp/k").split(separator: "\n")
            #expect(subjects.count == 3)
            #expect(subjects.first?.hasPrefix("exp k: run") == true)
            #expect(try scratch.git("status", "--porcelain") == "")
        }
    }

    @Test func outsideAnExperimentBranchItSaysSo() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let output = await CommandHarness.run(["exp", "run", "-C", scratch.root.path])
        #expect(output.exitCode == 1)
        #expect(
            output.error
                == "error: branch 'main' is not an experiment branch: name the experiment, or switch to exp/NAME")
    }
}

/// `exp show` and `exp diff` in-process, on a run through the mock provider.
@Suite struct ExpShowAndDiffTests {
    @Test func showAndDiffReportTheChangedRows() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let root = scratch.root.path
        #expect(
            await CommandHarness.run([
                "exp", "new", "e", "--prompt", "summarize/article", "--sample", "4", "--seed", "3", "-C", root,
            ]).error == nil)
        let path = "prompts/summarize/article.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "# {{title}}", with: "Title: {{title}}"))
        let run = await CommandHarness.run(["exp", "run", "--quiet", "-C", root])
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.standardOutput.contains("changed outputs: 4 of 4"))

        let diff = await CommandHarness.run(["exp", "diff", "--json", "-C", root])
        let value = try JSONValue.parse(Data(diff.standardOutput.utf8))
        #expect(value["pairs"] == 4)
        #expect(value["changed"]?.arrayValue?.count == 4)
        #expect(value["prompt_diff"]?.arrayValue?.isEmpty == false)

        let show = await CommandHarness.run(["exp", "show", "--changed", "-C", root])
        #expect(show.standardOutput.hasSuffix("4 of 4 outputs changed\n"))
        #expect(show.standardOutput.components(separatedBy: "  changed\n").count == 5)
        let one = await CommandHarness.run(["exp", "show", "--json", "--row", "a01", "-C", root])
        let oneRow = try JSONValue.parse(Data(one.standardOutput.utf8))
        #expect((oneRow["rows"]?.arrayValue?.count ?? 9) <= 1)
        #expect(oneRow["prompt_diff"]?.arrayValue?.isEmpty == false)
        #expect(try scratch.git("status", "--porcelain") == "")
    }
}

/// `results diff` between two committed runs of an experiment.
@Suite struct ResultsDiffTests {
    @Test func comparesTwoCommittedRuns() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let root = scratch.root.path
        #expect(
            await CommandHarness.run(["exp", "new", "e", "--prompt", "summarize/article", "--sample", "3", "-C", root])
                .error == nil)
        let path = "prompts/summarize/article.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "# {{title}}", with: "Title: {{title}}"))
        #expect(await CommandHarness.run(["exp", "run", "--quiet", "-C", root]).error == nil)
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "Title: {{title}}", with: "Headline: {{title}}"))
        #expect(await CommandHarness.run(["exp", "run", "--quiet", "-C", root]).error == nil)

        let output = await CommandHarness.run(["results", "diff", "HEAD~1", "HEAD", "--json", "-C", root])
        #expect(output.error == nil)
        let value = try JSONValue.parse(Data(output.standardOutput.utf8))
        // The base answers stayed; the three candidate answers changed.
        #expect(value["changed"]?.arrayValue?.count == 3)
        #expect(value["changed"]?.arrayValue?.allSatisfy { $0["variant"] == "candidate" } == true)
        #expect(value["unchanged"] == 3)
        #expect(value["added"]?.arrayValue?.isEmpty == true)

        let text = await CommandHarness.run(["results", "diff", "HEAD~1", "HEAD", "--experiment", "e", "-C", root])
        #expect(text.standardOutput.contains("3 outputs changed, 3 unchanged, 0 new calls, 0 gone"))
        let missing = await CommandHarness.run(["results", "diff", "main", "HEAD", "-C", root])
        #expect(missing.error?.contains("has no committed results at main") == true)
    }
}

/// Run summaries in `prompt log` and `exp list`.
@Suite struct RunSummaryListingTests {
    @Test func logAndListShowTheLatestRun() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let root = scratch.root.path
        #expect(
            await CommandHarness.run(["exp", "new", "e", "--prompt", "summarize/article", "--sample", "3", "-C", root])
                .error == nil)
        let path = "prompts/summarize/article.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "# {{title}}", with: "Title: {{title}}"))
        #expect(await CommandHarness.run(["exp", "run", "--quiet", "-C", root]).error == nil)

        let log = await CommandHarness.run(["prompt", "log", "summarize/article", "--json", "-C", root])
        let versions = try JSONValue.parse(Data(log.standardOutput.utf8)).arrayValue ?? []
        #expect(versions.first?["run"]?["changed_outputs"] == 3)
        #expect(versions.first?["run"]?["experiment"] == "e")
        #expect(versions.dropFirst().allSatisfy { $0["run"] == nil })
        let text = await CommandHarness.run(["prompt", "log", "summarize/article", "-C", root])
        #expect(
            text.standardOutput.contains("└ run e: no significant change, 3 of 3 outputs changed, 0 errors, $0.0000"))
        let list = await CommandHarness.run(["exp", "list", "-C", root])
        #expect(list.standardOutput.contains("no significant change, 3/3 changed, $0.0000"))
        let listed = await CommandHarness.run(["exp", "list", "--json", "-C", root])
        let first = try JSONValue.parse(Data(listed.standardOutput.utf8)).arrayValue?.first
        #expect(first?["last_run"]?["changed_outputs"] == 3)
        #expect(first?["prompt"] == "summarize/article")
    }
}
