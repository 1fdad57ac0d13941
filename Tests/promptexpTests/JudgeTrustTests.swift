import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// A judge is evidence only as far as people agree with it: from the built binary, against
/// the fake server, labels that contradict the judge take it out of the verdict — in the
/// summary `promote` reads, the report and `check` alike — and labels that agree keep it.
@Suite struct JudgeTrustTests {
    /// Experiment `j` on prompt `math` over 12 rows, scored by `says-number` (the number is
    /// in the answer) and the judge `tone`, which fails every answer with "!!" in it. The
    /// candidate adds "!!" to every answer: the judge alone calls it a regression.
    /// `judgeOnly` scores by the judge alone. `min_labels` is 6.
    static func experiment(_ server: FakeProviderServer, judgeOnly: Bool = false) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let rows = (1...12).map { #"{"id": "q\#($0)", "n": "\#($0)", "question": "what is \#($0)?"}"# }
        let evaluators = judgeOnly ? "[tone]" : "[says-number, tone]"
        func prompt(_ text: String) -> String {
            "---\ntags: [production]\nmodel: fake-model\ntests:\n  dataset: numbers\n  evaluators: \(evaluators)\n---\nuser:\n\(text) {{question}}\n"
        }
        try scratch.commit(
            [
                "prompts/math.prompt": prompt("Answer:"),
                "prompts/judges/tone.prompt": "user:\nIs this calm? {{output}}\n",
                "datasets/numbers.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                models:
                  fake-model: {provider: fake}
                evaluators:
                  says-number: {kind: icontains, value: "{{n}}"}
                  tone: {kind: llm-judge, rubric: judges/tone, model: fake-model}
                verdict:
                  min_labels: 6

                """,
            ], message: "math prompt")
        server.answer { request in
            let text = FakeProviderServer.lastUserText(in: request) ?? ""
            if text.hasPrefix("Is this calm?") {
                return text.contains("!!")
                    ? #"{"pass": false, "reason": "shouting"}"# : #"{"pass": true, "reason": "calm"}"#
            }
            let number = text.filter(\.isNumber)
            return text.hasPrefix("Shout") ? "it is \(number)!!" : "it is \(number)"
        }
        let new = try scratch.promptexp(["exp", "new", "j", "--prompt", "math"], timeout: 60)
        #expect(new.status == 0, "\(new.standardError)")
        try scratch.write("prompts/math.prompt", prompt("Shout:"))
        let run = try scratch.promptexp(["exp", "run", "--quiet"], timeout: 120)
        #expect(run.status == 0, "\(run.standardError)")
        return scratch
    }

    /// Back on main, the candidate's change staged: what `check --staged` then checks.
    static func stageTheCandidateOnMain(_ scratch: ScratchRepository) throws {
        try scratch.git("checkout", "-q", "--", ".")
        try scratch.git("checkout", "-q", "main")
        try scratch.write(
            "prompts/math.prompt",
            try scratch.read("prompts/math.prompt").replacingOccurrences(of: "Answer:", with: "Shout:"))
        try scratch.git("add", "-A")
    }

    static func verdict(_ scratch: ScratchRepository) throws -> JSONValue? {
        try JSONValue.parse(Data(try scratch.git("show", "exp/j:.promptexp/experiments/j/summary.json").utf8))[
            "verdict"]
    }

    /// Labels: `candidate` good or bad on rows 1–3, `base` the other way on rows 4 to `last`.
    static func label(_ scratch: ScratchRepository, candidatesGood: Bool, last: Int = 6) throws {
        for row in 1...3 {
            let result = try scratch.promptexp(["label", "j", "q\(row)", candidatesGood ? "--good" : "--bad"])
            #expect(result.status == 0, "\(result.standardError)")
        }
        for row in 4...last {
            let result = try scratch.promptexp([
                "label", "j", "q\(row)", "--variant", "base", candidatesGood ? "--bad" : "--good",
            ])
            #expect(result.status == 0, "\(result.standardError)")
        }
    }

    @Test func aJudgePeopleContradictIsNotUsedAnywhereTheVerdictIsMade() async throws {
        try await withFakeServer { server, _ in
            try Self.aJudgePeopleContradictIsNotUsedAnywhereTheVerdictIsMadeBody(server)
        }
    }

    @Test func aJudgePeopleAgreeWithStillCounts() async throws {
        try await withFakeServer { server, _ in try Self.aJudgePeopleAgreeWithStillCountsBody(server) }
    }

    @Test func whenTheOnlyEvaluatorIsAnUntrustedJudgeNothingIsDecided() async throws {
        try await withFakeServer { server, _ in
            try Self.whenTheOnlyEvaluatorIsAnUntrustedJudgeNothingIsDecidedBody(server)
        }
    }

    @Test func withRepeatsTheReportSaysHowSteadyEachJudgeIs() async throws {
        try await withFakeServer { server, _ in try Self.withRepeatsTheReportSaysHowSteadyEachJudgeIsBody(server) }
    }

    /// The body of `aJudgePeopleContradictIsNotUsedAnywhereTheVerdictIsMade`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func aJudgePeopleContradictIsNotUsedAnywhereTheVerdictIsMadeBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server)
        #expect(try Self.verdict(scratch) == "regressed")
        #expect(try scratch.promptexp(["exp", "promote", "j"]).standardError.contains("the last run regressed"))

        // Five labels are not enough to judge the judge; the sixth is.
        try Self.label(scratch, candidatesGood: true, last: 5)
        #expect(try Self.verdict(scratch) == "regressed")
        #expect(
            try scratch.git("show", "exp/j:.promptexp/experiments/j/report.md").contains(
                "judge 'tone' has 5 labels, fewer than min_labels (6): its agreement with people is not judged yet, so it counts"
            ))
        #expect(try scratch.promptexp(["label", "j", "q6", "--variant", "base", "--bad"]).status == 0)
        #expect(try Self.verdict(scratch) == "unchanged")
        let report = try scratch.git("show", "exp/j:.promptexp/experiments/j/report.md")
        #expect(report.contains("judge 'tone' agrees with people κ=-1.00 < 0.40 on 6 labels: not used"))
        let json = try scratch.promptexp(["report", "j", "--format", "json"])
        #expect(
            json.standardOutput.contains("\"verdict\" : \"unchanged\"")
                || json.standardOutput.contains("\"verdict\": \"unchanged\""))

        // A rerun that changes nothing decides the same, and says why.
        let again = try scratch.promptexp(["exp", "run", "--quiet"], timeout: 120)
        #expect(
            again.standardOutput.contains("judge 'tone' agrees with people κ=-1.00 < 0.40 on 6 labels: not used"))
        #expect(again.standardOutput.contains("no significant change"))

        // check of the same change on main: the judge the prompt's labels contradict
        // decides nothing there either.
        try stageTheCandidateOnMain(scratch)
        let check = try scratch.promptexp(["check", "--staged", "--quiet"], timeout: 120)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(
            check.standardOutput.contains("judge 'tone' agrees with people κ=-1.00 < 0.40 on 6 labels: not used"))

        // And promotion, refused while the judge counted, goes through.
        try scratch.git("reset", "-q", "--hard")
        let promote = try scratch.promptexp(["exp", "promote", "j"])
        #expect(promote.status == 0, "\(promote.standardError)")
    }

    /// The body of `aJudgePeopleAgreeWithStillCounts`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func aJudgePeopleAgreeWithStillCountsBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server)
        try Self.label(scratch, candidatesGood: false)
        #expect(try Self.verdict(scratch) == "regressed")
        let report = try scratch.git("show", "exp/j:.promptexp/experiments/j/report.md")
        #expect(report.contains("judge 'tone' agrees with people κ=1.00 ≥ 0.40 on 6 labels: used"))
        try stageTheCandidateOnMain(scratch)
        #expect(try scratch.promptexp(["check", "--staged", "--quiet"], timeout: 120).status == 2)
    }

    /// The body of `whenTheOnlyEvaluatorIsAnUntrustedJudgeNothingIsDecided`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func whenTheOnlyEvaluatorIsAnUntrustedJudgeNothingIsDecidedBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server, judgeOnly: true)
        try Self.label(scratch, candidatesGood: true)
        #expect(try Self.verdict(scratch) == "inconclusive")
        let promote = try scratch.promptexp(["exp", "promote", "j"])
        #expect(promote.status != 0)
        #expect(
            promote.standardError.contains(
                "not decided: every evaluator is a judge people do not agree with (tone)"))
        try stageTheCandidateOnMain(scratch)
        let check = try scratch.promptexp(["check", "--staged", "--quiet"], timeout: 120)
        #expect(check.status == 1)
        #expect(check.standardError.contains("not decided: every evaluator is a judge"))
    }

    /// The body of `withRepeatsTheReportSaysHowSteadyEachJudgeIs`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func withRepeatsTheReportSaysHowSteadyEachJudgeIsBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiment(server)
        let run = try scratch.promptexp(["exp", "run", "--quiet", "--repeat", "2"], timeout: 120)
        #expect(run.status == 0, "\(run.standardError)")
        let report = try scratch.git("show", "exp/j:.promptexp/experiments/j/report.md")
        // The fake model answers each repeat alike, and the judge is steady on them.
        #expect(
            report.contains(
                "judge 'tone' gave one verdict on every repeat of 24 of 24 outputs (100.0%); where the repeats answered the same words, 24 of 24"
            ))
    }
}
