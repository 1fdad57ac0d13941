import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The regression gate from the built binary: `check` against revisions and the index,
/// its report formats, and the git hooks that run it, checked with the real git.
@Suite struct CheckAndHooksTests {
    let scratch: ScratchRepository

    init() throws {
        scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
    }

    @discardableResult
    func promptexp(_ arguments: String...) throws -> ProcessResult {
        let result = try scratch.promptexp(arguments)
        #expect(!result.timedOut, "promptexp \(arguments.joined(separator: " ")) timed out")
        return result
    }

    /// The support prompt without the customer's name in the user message: the mock
    /// echoes that message, so `mentions-customer` fails on every row.
    func makeReplyWorse() throws {
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
    }

    func makeReplyNeutral() throws {
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "Answer in under 120 words.", with: "Answer in under 100 words."))
    }

    @Test func aWorseBranchFailsWithExit2AndNamesRowsAndEvaluators() throws {
        try scratch.git("checkout", "-q", "-b", "feature")
        try makeReplyWorse()
        try scratch.git("commit", "-qam", "drop the name")
        let result = try promptexp("check", "--quiet")
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.contains("support/reply: regressed  (main ("))
        #expect(result.standardOutput.contains("30 pass → fail, 0 fail → pass over 30 rows"))
        #expect(
            result.standardOutput.contains(
                "t001: score 1.000 → 0.667, pass → fail\n      mentions-customer: output does not contain \"Ana\""))
        #expect(result.standardOutput.hasSuffix("check failed: regressed: support/reply\n"))
        // Nothing the user tracks was touched.
        #expect(try scratch.git("status", "--porcelain") == "")
    }

    @Test func aNeutralChangePassesAndUntestedPromptsAreListed() throws {
        try scratch.git("checkout", "-q", "-b", "feature")
        try makeReplyNeutral()
        try scratch.write("prompts/notes.prompt", "hello {{name}}\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "neutral")
        let result = try promptexp("check", "--quiet", "--format", "json")
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONValue.parse(Data(result.standardOutput.utf8))
        #expect(report["verdict"] == "unchanged")
        #expect(report["prompts"]?.arrayValue?.first?["prompt"] == "support/reply")
        #expect(report["prompts"]?.arrayValue?.first?["comparison"]?["models"]?.arrayValue?.first?["pairs"] == 30)
        #expect(
            report["unchecked"] == [
                ["prompt": "notes", "reason": "new prompt: there is no earlier version to compare with"]
            ])
    }

    @Test func everyReportFormatIsWritten() throws {
        try scratch.git("checkout", "-q", "-b", "feature")
        try makeReplyWorse()
        try scratch.git("commit", "-qam", "worse")
        for format in ["markdown", "junit", "json", "html"] {
            let result = try promptexp(
                "check", "--quiet", "--base", "main", "--format", format, "--out", "report.\(format)")
            #expect(result.status == 2)
            #expect(result.standardError.contains("report written to report.\(format)"))
            #expect(result.standardOutput.contains("check failed: regressed: support/reply"))
        }
        let markdown = try scratch.read("report.markdown")
        #expect(markdown.hasPrefix("# promptexp check\n\n**❌ Regressed**"))
        #expect(markdown.contains("### Regressed rows (30)"))
        #expect(markdown.contains("… and 10 more"))
        // JUnit: well-formed (Python's XML parser is the oracle), one failure per row.
        let junit = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(r.get('tests'), r.get('failures'), r.get('errors'))",
                "report.junit",
            ],
            in: scratch.root)
        #expect(junit.standardOutput == "90 30 0\n", "\(junit.standardError)")
        let json = try JSONValue.parse(Data(try scratch.read("report.json").utf8))
        #expect(json["prompts"]?.arrayValue?.first?["comparison"]?["models"]?.arrayValue?.first?["pass_to_fail"] == 30)
        let html = try scratch.read("report.html")
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<svg") && html.contains("<del>") && html.contains("<ins>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
    }

    @Test func thePreCommitHookRefusesAWorseCommitAndKeepsTheWork() throws {
        let install = try promptexp("hooks", "install")
        #expect(install.status == 0, "\(install.standardError)")
        #expect(install.standardOutput.hasPrefix("installed .git/hooks/pre-commit"))
        #expect(
            FileManager.default.isExecutableFile(
                atPath: scratch.root.appendingPathComponent(".git/hooks/pre-commit").path))

        try makeReplyWorse()
        try scratch.git("add", "-A")
        let refused = try scratch.gitResult(["commit", "-m", "worse"])
        #expect(refused.status != 0)
        let said = refused.standardOutput + refused.standardError
        #expect(said.contains("check failed: regressed: support/reply"), "\(said)")
        #expect(said.contains("mentions-customer: output does not contain \"Ana\""))
        #expect(try scratch.git("log", "--format=%s") == "examples\n")
        #expect(try scratch.git("status", "--porcelain") == "M  prompts/support/reply.prompt\n")
        // The hook itself exits 2, the check's code for a regression.
        let hook = try ProcessRunner.run(
            scratch.root.appendingPathComponent(".git/hooks/pre-commit"), [], in: scratch.root,
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url), timeout: 120)
        #expect(hook.status == 2)

        try scratch.git("checkout", "-q", "HEAD", "--", "prompts/support/reply.prompt")
        try makeReplyNeutral()
        try scratch.git("add", "-A")
        let accepted = try scratch.gitResult(["commit", "-m", "neutral"])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(
            (accepted.standardOutput + accepted.standardError).contains(
                "check passed: 1 prompt checked, none regressed"))
        #expect(try scratch.git("log", "--format=%s") == "neutral\nexamples\n")
        try scratch.git("fsck", "--full")
    }

    /// A commit from a GUI client (another PATH) still finds the binary `hooks install` ran
    /// from; with neither that nor one on PATH, the hook refuses, naming itself.
    @Test func theHookCallsTheInstalledBinaryAndNamesItselfWhenItIsGone() throws {
        #expect(try promptexp("hooks", "install").status == 0)
        let hookURL = scratch.root.appendingPathComponent(".git/hooks/pre-commit")
        let script = try String(contentsOf: hookURL, encoding: .utf8)
        #expect(script.contains("PROMPTEXP='\(PackagePaths.binary.path)'"))
        var environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        environment["PATH"] = "/usr/bin:/bin"
        let found = try ProcessRunner.run(hookURL, [], in: scratch.root, environment: environment, timeout: 120)
        #expect(found.status == 0, "\(found.standardError)")
        try Data(
            script.replacingOccurrences(
                of: "PROMPTEXP='\(PackagePaths.binary.path)'", with: "PROMPTEXP='/nowhere/promptexp'"
            ).utf8
        ).write(to: hookURL)
        let gone = try ProcessRunner.run(hookURL, [], in: scratch.root, environment: environment, timeout: 120)
        #expect(gone.status == 1)
        #expect(gone.standardError.contains("promptexp: not found at '/nowhere/promptexp' nor on PATH"))
        #expect(
            gone.standardError.contains("the hook \(hookURL.path) cannot check this commit"), "\(gone.standardError)")
    }

    /// `git commit -a` and `git commit PATH` stage into a temporary index they name in
    /// GIT_INDEX_FILE, not `.git/index`: the hook must check that one (it once let both through).
    @Test(arguments: [["commit", "-am", "worse"], ["commit", "-m", "worse", "prompts/support/reply.prompt"]])
    func theHookChecksWhatCommitAllOrCommitPathStages(command: [String]) throws {
        #expect(try promptexp("hooks", "install").status == 0)
        try makeReplyWorse()
        let refused = try scratch.gitResult(command)
        #expect(refused.status != 0)
        #expect((refused.standardOutput + refused.standardError).contains("check failed: regressed: support/reply"))
        #expect(try scratch.git("log", "--format=%s") == "examples\n")
    }

    @Test func anExistingHookIsRefusedOrChainedAndPutBack() throws {
        let hooks = scratch.root.appendingPathComponent(".git/hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        let theirs = "#!/bin/sh\necho their hook ran\n"
        try scratch.directory.writeExecutable(".git/hooks/pre-commit", theirs)

        let refused = try promptexp("hooks", "install")
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("exists and is not promptexp's; it was left as it is. Pass --chain"))
        #expect(try scratch.read(".git/hooks/pre-commit") == theirs)

        let chained = try promptexp("hooks", "install", "--chain")
        #expect(chained.status == 0, "\(chained.standardError)")
        #expect(try scratch.read(".git/hooks/pre-commit.promptexp-chained") == theirs)
        try makeReplyNeutral()
        try scratch.git("add", "-A")
        let commit = try scratch.gitResult(["commit", "-m", "neutral"])
        #expect(commit.status == 0)
        #expect((commit.standardOutput + commit.standardError).contains("their hook ran"))

        #expect(try promptexp("hooks", "uninstall").standardOutput == "removed .git/hooks/pre-commit\n")
        #expect(try scratch.read(".git/hooks/pre-commit") == theirs)
        #expect(
            !FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-commit.promptexp-chained").path))
        let again = try promptexp("hooks", "uninstall")
        #expect(again.status == 1)
        #expect(again.standardError.contains("is not promptexp's hook; it was left as it is"))
    }

    @Test func thePrePushHookChecksThePushedCommitsAgainstTheRemotes() throws {
        #expect(try promptexp("hooks", "install", "--pre-push").status == 0)
        let remoteTip = try scratch.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try makeReplyWorse()
        try scratch.git("commit", "-qam", "worse")
        let localTip = try scratch.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        // What git writes on the hook's stdin for `git push origin main`.
        let hook = try ProcessRunner.run(
            scratch.root.appendingPathComponent(".git/hooks/pre-push"), ["origin", "/nowhere"], in: scratch.root,
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url),
            input: "refs/heads/main \(localTip) refs/heads/main \(remoteTip)\n", timeout: 120)
        #expect(hook.status == 2, "\(hook.standardError)")
        #expect(hook.standardOutput.contains("check failed: regressed: support/reply"))
    }

    @Test func aPlainRunIsScoredByThePromptsEvaluators() throws {
        try makeReplyWorse()
        let run = try promptexp("run", "support/reply", "--quiet")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput.contains(
                "mock/echo: mean score 0.667 (95% CI 0.667–0.667), pass 0.0%\n  mentions-customer: pass 0.0%, mean 0.000"
            ))
        let records = try ResultsFile.read(
            scratch.root.appendingPathComponent(".promptexp/runs/support/reply.results.jsonl"))
        #expect(records.count == 30)
        #expect(
            records.allSatisfy {
                $0.evaluations["mentions-customer"]?.passed == false && $0.evaluations["not-empty"]?.passed == true
            })
    }

    @Test func stagedComparesTheIndexNotTheWorkingTree() throws {
        try makeReplyWorse()
        // Nothing staged yet: the index equals HEAD.
        let clean = try promptexp("check", "--staged", "--quiet")
        #expect(clean.status == 0)
        #expect(clean.standardOutput == "no prompt changed\ncheck passed: 0 prompts checked, none regressed\n")
        try scratch.git("add", "-A")
        #expect(try promptexp("check", "--staged", "--quiet").status == 2)
    }

    @Test func aBadEvaluatorStopsTheCheckBeforeAnyCall() throws {
        let config = try scratch.read(".promptexp/config.yaml")
        try scratch.write(
            ".promptexp/config.yaml",
            config.replacingOccurrences(of: "    kind: icontains\n", with: "    kind: icontain\n"))
        try makeReplyNeutral()
        try scratch.git("add", "-A")
        let result = try promptexp("check", "--staged", "--quiet")
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: .promptexp/config.yaml:"))
        #expect(result.standardError.contains("evaluator 'mentions-customer': unknown kind 'icontain'"))
        #expect(
            !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent(".git/promptexp/check").path))
    }
}

/// A check whose evaluator is an LLM judge, with the fake provider server playing both the
/// model under test and the judge.
@Suite struct JudgedCheckTests {
    /// A `reply` prompt with tests over `rows`, scored by the LLM judge `helpful`; the fake
    /// server plays `model` (m-1) and `judge` (judge-1). Returns the prompt's text for a
    /// system message, committed with "Be polite.".
    static func judgedReply(_ server: FakeProviderServer, rows: [String], user: String) throws -> (
        ScratchRepository, (String) -> String
    ) {
        let scratch = try ScratchRepository()
        let prompt: (String) -> String = { system in
            "---\nmodel: model\ntests:\n  dataset: datasets/tickets.jsonl\n  evaluators: [helpful]\n---\nsystem:\n\(system)\nuser:\n\(user)\n"
        }
        try scratch.commit(
            [
                "prompts/reply.prompt": prompt("Be polite."),
                "prompts/judges/helpful.prompt": "system:\nYou grade replies.\nuser:\nReply: {{output}}\n",
                "datasets/tickets.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                models:
                  model: {provider: fake, model: m-1, input_per_million: 1, output_per_million: 1}
                  judge: {provider: fake, model: judge-1, input_per_million: 1, output_per_million: 1}
                evaluators:
                  helpful: {kind: llm-judge, rubric: judges/helpful, model: judge}

                """,
            ], message: "reply prompt")
        return (scratch, prompt)
    }

    @Test func aJudgeCatchesARudeVersionAndRepeatsCostNothing() async throws {
        try await withFakeServer { server, _ in
            let rows = ["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farid", "Grace", "Hiro"].enumerated().map {
                index, name in
                #"{"id": "t\#(index)", "customer": "\#(name)", "ticket": "my parcel is late"}"#
            }
            let (scratch, prompt) = try Self.judgedReply(server, rows: rows, user: "{{customer}}: {{ticket}}")
            server.answer { request in
                let json = request.json
                let messages = json?["messages"]?.arrayValue ?? []
                let system = messages.first?["content"]?.stringValue ?? ""
                let last = messages.last?["content"]?.stringValue ?? ""
                if json?["model"] == "judge-1" {
                    return last.contains("Thanks")
                        ? #"{"pass": true, "reason": "polite"}"# : #"{"pass": false, "reason": "rude"}"#
                }
                return system.contains("polite") ? "Thanks for writing, \(last)" : "Whatever, \(last)"
            }
            try scratch.git("checkout", "-q", "-b", "rude")
            try scratch.write("prompts/reply.prompt", prompt("Be blunt."))
            try scratch.git("commit", "-qam", "blunt")
            func check() throws -> ProcessResult {
                try scratch.promptexp(["check", "--quiet"], timeout: 120)
            }
            let first = try check()
            #expect(first.status == 2, "\(first.standardError)")
            #expect(first.standardOutput.contains("reply: regressed"))
            #expect(first.standardOutput.contains("helpful: pass 100.0% → 0.0%"))
            #expect(first.standardOutput.contains("t0: score 1.000 → 0.000, pass → fail\n      helpful: rude"))
            #expect(first.standardOutput.contains("note: judges: 16 calls (0 reused), "))
            // 8 rows × 2 versions, then 16 judgements.
            #expect(server.requestCount == 32)
            let second = try check()
            #expect(second.status == 2)
            #expect(second.standardOutput.contains("note: judges: 16 calls (16 reused), 0 tokens in, 0 out, $0.0000"))
            #expect(server.requestCount == 32)
        }
    }
}

/// The HTML report in a real browser, where one is installed (`scripts/html-report`
/// installs Debian's chromium and takes a screenshot to look at).
@Suite(
    .enabled(
        if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
struct HTMLReportBrowserTests {
    @Test func theReportRendersAndItsFilterRuns() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        try scratch.git("checkout", "-q", "-b", "worse")
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        try scratch.git("commit", "-qam", "worse")
        let check = try scratch.promptexp(
            ["check", "--quiet", "--format", "html", "--out", "report.html"], timeout: 120)
        #expect(check.status == 2)
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        let page = scratch.root.appendingPathComponent("report.html").absoluteString
        let dom = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/chromium"), flags + ["--dump-dom", page], in: scratch.root, timeout: 120)
        // The inline script ran: it counts the rows the filter shows.
        #expect(dom.standardOutput.contains("<span class=\"count\">30 rows</span>"), "\(dom.standardError.suffix(500))")
        #expect(dom.standardOutput.contains("<svg"))
        // Filters and sorting, preset from the link's # part, as a shared view would be.
        func rendered(_ fragment: String) throws -> String {
            try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/chromium"), flags + ["--dump-dom", page + "#" + fragment],
                in: scratch.root,
                timeout: 120
            ).standardOutput
        }
        #expect(try rendered("evaluator=mentions-customer&kind=worse").contains("<span class=\"count\">30 rows</span>"))
        #expect(try rendered("evaluator=not-empty").contains("<span class=\"count\">0 rows</span>"))
        #expect(try rendered("model=mock/echo&q=Chlo%C3%A9").contains("<span class=\"count\">1 rows</span>"))
        let sorted = try rendered("sort=-row")
        let firstRow = try #require(sorted.range(of: "<tr class=\"row ")).upperBound
        #expect(sorted[firstRow...].prefix(400).contains("<code>t030</code>"))
        #expect(sorted.contains("<th class=\"sortable desc\""))
        let shot = scratch.root.appendingPathComponent("report.png")
        _ = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/chromium"),
            flags + ["--window-size=1280,1600", "--screenshot=\(shot.path)", page],
            in: scratch.root, timeout: 120)
        let size = (try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000)
    }
}

/// `promptexp report NAME` over an experiment's committed, scored run.
@Suite struct ReportCommandTests {
    @Test func everyFormatOfACommittedRun() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let missing = try scratch.promptexp("report", "nothing")
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("error: no experiment named 'nothing'"))
        #expect(try scratch.promptexp("exp", "new", "worse", "--prompt", "support/reply").status == 0)
        let notRun = try scratch.promptexp("report")
        #expect(
            notRun.standardError
                == "error: experiment 'worse' has no committed run yet: switch to exp/worse and run promptexp exp run\n"
        )
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        let run = try scratch.promptexp("exp", "run", "--quiet")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("regressed\n  mock/echo: mean score 1.000 → 0.667"))
        // The verdict is committed: in the message, summary.json and report.md.
        #expect(
            try scratch.git("log", "-1", "--format=%s").hasPrefix(
                "exp worse: run — regressed (score -0.333), 30 of 30 outputs changed"))
        let summary = try JSONValue.parse(
            Data(try scratch.git("show", "HEAD:.promptexp/experiments/worse/summary.json").utf8))
        #expect(summary["verdict"] == "regressed")
        #expect(summary["comparison"]?["models"]?.arrayValue?.first?["pass_to_fail"] == 30)
        #expect(try scratch.git("show", "HEAD:.promptexp/experiments/worse/report.md").contains("**❌ Regressed**"))
        let results = try scratch.git("show", "HEAD:.promptexp/experiments/worse/results.jsonl")
        #expect(
            results.split(separator: "\n").first?.contains(
                #""mentions-customer":{"pass":true,"reason":"output contains \"Ana\"","score":1.0}"#) == true)

        let show = try scratch.promptexp("exp", "show", "--row", "t001")
        #expect(
            show.standardOutput.contains(
                "  scores:    1.000 → 0.667  mentions-customer: pass → fail (output does not contain \"Ana\")"))
        // Put the name back: a second run, and its score deltas through git history.
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "A customer wrote:", with: "{{customer}} wrote:"))
        #expect(try scratch.promptexp("exp", "run", "--quiet").status == 0)
        let diff = try scratch.promptexp("results", "diff", "HEAD~1", "HEAD")
        #expect(
            diff.standardOutput.contains(
                "mean score, base: 1.000 → 1.000 (+0.000)\nmean score, candidate: 0.667 → 1.000 (+0.333)"))
        #expect(diff.standardOutput.contains("candidate · row t001 · mock/echo · score 0.667 → 1.000"))
        try scratch.git("checkout", "-q", "exp/worse~1", "--", ".promptexp/experiments/worse")
        try scratch.git("commit", "-qm", "back to the regressed run's results")

        try scratch.git("checkout", "-q", "main")
        let markdown = try scratch.promptexp("report", "worse")
        #expect(markdown.status == 0)
        #expect(markdown.standardOutput.hasPrefix("# Experiment `worse`\n\n**❌ Regressed**"))
        let json = try JSONValue.parse(
            Data(try scratch.promptexp("report", "worse", "--format", "json").standardOutput.utf8))
        #expect(json["verdict"] == "regressed")
        #expect(
            try scratch.promptexp("report", "worse", "--format", "junit").standardOutput.contains(#"failures="30""#))
        let html = try scratch.promptexp("report", "worse", "--format", "html", "--out", "worse.html")
        #expect(html.standardOutput == "wrote worse.html\n")
        #expect(try scratch.read("worse.html").contains("<svg"))
    }
}

/// A gate must not pass on no evidence: an empty dataset, or a side whose every call failed.
@Suite struct CheckOnNoEvidenceTests {
    /// The examples, and a branch `feature` whose one commit changes the support reply and
    /// empties its dataset.
    static func featureWithAnEmptyDataset() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        try scratch.git("checkout", "-q", "-b", "feature")
        try scratch.write("datasets/support/tickets.jsonl", "")
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "Answer in under 120 words.", with: "Answer in under 100 words."))
        try scratch.git("commit", "-qam", "empty the dataset")
        return scratch
    }

    @Test func anEmptyDatasetFailsTheCheck() throws {
        let scratch = try Self.featureWithAnEmptyDataset()
        let result = try scratch.promptexp(["check", "--quiet"], timeout: 120)
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(
            result.standardError.contains(
                "error: support/reply: nothing was compared: datasets/support/tickets.jsonl has no rows: the check cannot pass on no evidence"
            ))
        #expect(result.standardError.contains("warning: datasets/support/tickets.jsonl has no rows"))
    }
}

/// Missing evidence never passes, and every output says what the exit code says.
@Suite struct CheckSaysWhatItsExitSaysTests {
    @Test func anEmptyDatasetIsNotDecidedInEveryFormat() throws {
        let scratch = try CheckOnNoEvidenceTests.featureWithAnEmptyDataset()
        func check(_ format: String) throws -> ProcessResult {
            try scratch.promptexp(["check", "--quiet", "--format", format], timeout: 120)
        }
        let text = try check("text")
        #expect(text.status == 1)
        #expect(text.standardOutput.contains("check not decided"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("check passed"))
        let json = try check("json")
        #expect(json.status == 1)
        let report = try JSONValue.parse(Data(json.standardOutput.utf8))
        #expect(report["verdict"] == "undecided")
        #expect(report["undecided"]?.arrayValue?.first?.stringValue?.contains("has no rows") == true)
        let junit = try check("junit")
        #expect(junit.status == 1)
        #expect(junit.standardOutput.contains(#"<testsuite name="not decided" tests="1" failures="0" errors="1">"#))
        #expect(
            !junit.standardOutput.contains(#"<testsuites name="promptexp check" tests="0" failures="0" errors="0">"#))
        let markdown = try check("markdown")
        #expect(markdown.status == 1)
        #expect(markdown.standardOutput.contains("Not decided"))
    }

    @Test(arguments: ["The reply is fine.", "", "PASS", #"{"reason": "no verdict here"}"#])
    func aJudgeThatAnswersNonsenseOnEveryRowIsNotAPass(answer: String) async throws {
        try await withFakeServer { server, _ in
            let rows = (1...4).map { #"{"id": "t\#($0)", "ticket": "my parcel \#($0) is late"}"# }
            let (scratch, prompt) = try JudgedCheckTests.judgedReply(server, rows: rows, user: "{{ticket}}")
            server.answer { request in
                request.json?["model"] == "judge-1" ? answer : "Thanks for writing"
            }
            try scratch.git("checkout", "-q", "-b", "blunt")
            try scratch.write("prompts/reply.prompt", prompt("Be blunt."))
            try scratch.git("commit", "-qam", "blunt")
            let result = try scratch.promptexp(["check", "--quiet"], timeout: 120)
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("check not decided"), "\(result.standardOutput)")
            #expect(result.standardError.contains("could not be made"), "\(result.standardError)")
        }
    }

    /// On a feature branch that tracks its own remote copy, the base is where it merges.
    @Test func aPushedFeatureBranchIsComparedWithMainNotItsOwnUpstream() throws {
        let ci = try ClonedExamples()
        let (clone, environment, git) = (ci.clone, ci.environment, ci.git)
        try git("-C", clone.path, "checkout", "-q", "-b", "feature")
        let path = clone.appendingPathComponent("prompts/support/reply.prompt")
        let text = try String(contentsOf: path, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:").utf8).write(to: path)
        try git("-C", clone.path, "commit", "-qam", "worse")
        try git("-C", clone.path, "push", "-q", "-u", "origin", "feature")
        let result = try ProcessRunner.run(
            PackagePaths.binary, ["check", "--quiet"], in: clone, environment: environment, timeout: 120)
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("check failed: regressed: support/reply"))
    }
}

/// A CI checkout often has the pull request's branch and `origin/*` alone.
@Suite struct CheckBaseFallbackTests {
    @Test func withNoUpstreamAndNoMainTheBaseIsOriginHEAD() throws {
        let ci = try ClonedExamples()
        let (clone, environment, git) = (ci.clone, ci.environment, ci.git)
        try git("-C", clone.path, "checkout", "-q", "--no-track", "-b", "feature", "origin/main")
        try git("-C", clone.path, "branch", "-q", "-D", "main")
        let path = clone.appendingPathComponent("prompts/support/reply.prompt")
        let text = try String(contentsOf: path, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Answer in under 120 words.", with: "Answer in under 100 words.").utf8)
            .write(to: path)
        try git("-C", clone.path, "commit", "-qam", "shorter")
        let result = try ProcessRunner.run(
            PackagePaths.binary, ["check", "--quiet", "--format", "json"], in: clone, environment: environment,
            timeout: 120)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONValue.parse(Data(result.standardOutput.utf8))
        #expect(report["prompts"]?.arrayValue?.first?["base"]?.stringValue?.hasPrefix("origin/HEAD (") == true)
    }
}

/// This project's examples committed in an origin repository and cloned, as a CI checkout
/// or a second developer has them; `git` runs in the clone's parent folder.
struct ClonedExamples {
    let origin: ScratchRepository
    let folder: TemporaryDirectory
    let clone: URL
    let environment: [String: String]

    init() throws {
        origin = try ScratchRepository()
        try origin.commitProjectExamples(message: "examples")
        folder = try TemporaryDirectory(prefix: "promptexp-clone")
        clone = folder.url.appendingPathComponent("work")
        environment = ProcessRunner.isolatedEnvironment(
            home: origin.home.url,
            extra: [
                "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "T",
                "GIT_COMMITTER_EMAIL": "t@e",
            ])
        try git("clone", "-q", origin.root.path, clone.path)
    }

    func git(_ arguments: String...) throws {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: folder.url, environment: environment)
        #expect(result.status == 0, "git \(arguments): \(result.standardError)")
    }
}
