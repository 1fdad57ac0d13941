import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Command evaluators are real programs (shell scripts written to a scratch folder).
@Suite struct CommandEvaluatorTests {
    typealias H = EvaluatorHarness

    /// The folder the judge scripts live and run in; removed when the test ends.
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    func evaluator(_ script: String, extra: String = "") throws -> (any Evaluator, TemporaryDirectory) {
        try folder.writeExecutable("judge.sh", "#!/bin/sh\n" + script + "\n")
        return (try H.evaluator("kind: command\ncommand: ./judge.sh\n" + extra, root: folder.url), folder)
    }

    @Test func theProgramSeesTheRowAndOutputAndItsAnswerIsTheScore() async throws {
        // Passes when the output mentions the customer, reading the JSON the evaluator sends.
        let (judge, folder) = try evaluator(
            """
            input=$(cat)
            printf '%s' "$input" > seen.json
            case "$input" in
              *'"output":"Hi Ana'*) echo '{"score": 0.9, "reason": "greets Ana"}' ;;
              *) echo '{"score": 0.2, "pass": false, "reason": "no greeting"}' ;;
            esac
            """)
        let good = await H.judge(judge, "Hi Ana, sorry", inputs: ["customer": "Ana"], expected: "x")
        #expect(good == Evaluation(score: 0.9, passed: true, reason: "greets Ana"))
        let seen = try JSONValue.parse(Data(try folder.read("seen.json").utf8))
        #expect(seen["row"]?["inputs"]?["customer"] == "Ana")
        #expect(seen["expected"] == "x")
        #expect(seen["variant"] == "base")
        let bad = await H.judge(judge, "Hello")
        #expect(bad == Evaluation(score: 0.2, passed: false, reason: "no greeting"))
    }

    @Test func misbehavingProgramsAreEvaluationErrors() async throws {
        let cases: [(String, String)] = [
            ("echo boom >&2; exit 3", "command './judge.sh' exited 3: boom"),
            ("echo 'not json'", "command './judge.sh' did not answer JSON"),
            ("echo '{\"pass\": true}'", "command './judge.sh' answered without a numeric score"),
            ("echo '{\"score\": 7}'", "command './judge.sh' answered score 7.0, outside 0…1"),
            (
                "echo '{\"score\": 1, \"pass\": \"yes\"}'",
                "command './judge.sh' answered a pass that is not true or false"
            ),
            ("kill -SEGV $$", "command './judge.sh' exited 139"),
        ]
        for (script, message) in cases {
            let (judge, _) = try evaluator(script)
            let evaluation = await H.judge(judge, "x")
            #expect(evaluation.error?.hasPrefix(message) == true, "\(script): \(evaluation.error ?? "no error")")
        }
    }

    @Test func aHangingProgramIsKilledAtItsTimeout() async throws {
        let (judge, _) = try evaluator("sleep 30; echo '{\"score\": 1}'", extra: "timeout_seconds: 0.5")
        let evaluation = await H.judge(judge, "x")
        #expect(evaluation.error == "command './judge.sh' timed out after 0.5 s")
    }

    @Test func aMissingProgramIsAnEvaluationError() async throws {
        let judge = try H.evaluator("kind: command\ncommand: [/nonexistent/judge]")
        let evaluation = await H.judge(judge, "x")
        #expect(
            evaluation.error?.hasPrefix("command '/nonexistent/judge' could not start") == true,
            "\(evaluation.error ?? "")")
    }

    @Test func parallelismBoundsHowManyRunAtOnce() async throws {
        // Each run records the number of runs alive beside it; with parallelism 2 never more than 2.
        let (judge, folder) = try evaluator(
            """
            touch "running.$$"
            ls running.* | wc -l >> peaks
            sleep 0.2
            rm "running.$$"
            echo '{"score": 1}'
            """, extra: "parallelism: 2")
        let scorer = Scorer(evaluators: [judge], concurrency: 8)
        let records = (0..<6).map { H.record("x", row: "r\($0)") }
        let rows = Dictionary(uniqueKeysWithValues: (0..<6).map { ("r\($0)", DatasetRow(id: "r\($0)", inputs: [:])) })
        let scored = await scorer.score(records, rows: rows)
        #expect(scored.allSatisfy { $0.evaluations["e"]?.passed == true })
        let peaks = try folder.read("peaks").split(separator: "\n").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        #expect(peaks.count == 6)
        #expect(peaks.allSatisfy { $0 <= 2 }, "\(peaks)")
    }

    @Test func commandNeedsAProgram() {
        #expect(H.error("kind: command")?.contains("command must be a command line or a list of arguments") == true)
        #expect(
            H.error("kind: command\ncommand: x\nparallelism: 0")?.contains("parallelism must be at least 1") == true)
    }
}
