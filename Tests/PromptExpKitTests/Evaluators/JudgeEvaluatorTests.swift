import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// LLM and pairwise judges against the fake provider server on 127.0.0.1, which plays the
/// judge model: what it is sent, how its answers score, and that calls are cached and costed.
@Suite struct JudgeEvaluatorTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        try folder.write(
            "prompts/judges/helpful.prompt",
            """
            ---
            description: Is the reply helpful?
            ---
            system:
            You grade support replies.
            user:
            Ticket: {{ticket}}
            Reply: {{output}}
            """)
        try folder.write(
            "prompts/judges/better.prompt",
            """
            system:
            You compare two support replies.
            user:
            Ticket: {{ticket}}
            A: {{output_a}}
            B: {{output_b}}
            """)
    }

    func registry(_ server: FakeProviderServer, _ transport: HTTPTransport, evaluators: String) throws -> (
        EvaluatorRegistry, JudgeCaller
    ) {
        let config = try ProjectConfig.parse(
            """
            providers:
              fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
            models:
              judge: {provider: fake, model: judge-1, input_per_million: 1000, output_per_million: 2000}
            evaluators:
            \(evaluators)
            """, path: "c.yaml")
        let caller = JudgeCaller(
            factory: ProviderFactory(transport: transport, environment: [:]),
            cache: ResponseCache(directory: folder.file("cache")),
            journal: try RunJournal(url: folder.file("journal.jsonl")))
        return (EvaluatorRegistry(config: config, root: folder.url, judge: caller), caller)
    }

    func input(_ output: String, variant: String = "candidate") -> EvaluationInput {
        EvaluationInput(
            row: DatasetRow(id: "t1", inputs: ["ticket": "My parcel is late"]),
            record: EvaluatorHarness.record(output, row: "t1", variant: variant))
    }

    @Test func aBooleanJudgeSeesTheRubricAndItsAnswerScores() async throws {
        try await withFakeServer { server, transport in
            server.usage(input: 100, output: 10)
            server.answer { request in
                let text = request.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
                return text.contains("sorry")
                    ? #"Sure: {"pass": true, "reason": "apologises and helps"}"# : #"{"pass": false, "reason": "curt"}"#
            }
            let (registry, caller) = try registry(
                server, transport, evaluators: "  helpful: {kind: llm-judge, rubric: judges/helpful, model: judge}")
            let judge = try registry.evaluators(named: ["helpful"], usedBy: "test")[0]
            let good = await judge.evaluate(input("So sorry, it ships today"))
            #expect(good == Evaluation(score: 1, passed: true, reason: "apologises and helps"))
            let bad = await judge.evaluate(input("Wait."))
            #expect(bad == Evaluation(score: 0, passed: false, reason: "curt"))

            let sent = try #require(server.requests.first?.json)
            #expect(sent["model"] == "judge-1")
            #expect(sent["temperature"] == 0)
            let messages = sent["messages"]?.arrayValue ?? []
            #expect(messages.first?["content"] == "You grade support replies.")
            let user = messages.last?["content"]?.stringValue ?? ""
            #expect(
                user.hasPrefix(
                    "Ticket: My parcel is late\nReply: So sorry, it ships today\n\nAnswer with only a JSON object"))
            #expect(user.contains(#"{"pass": true or false"#))

            // The same judgement again comes from the cache: no request, no cost.
            _ = await judge.evaluate(input("So sorry, it ships today"))
            #expect(server.requestCount == 2)
            let ledger = await caller.ledger
            #expect(ledger.calls == 3 && ledger.reused == 1)
            #expect(ledger.inputTokens == 200 && ledger.outputTokens == 20)
            #expect(abs(ledger.cost - (200 * 1000 + 20 * 2000) / 1e6) < 1e-12)
        }
    }

    @Test func anInterruptedScoringResumesFromTheJournalWithoutPayingAgain() async throws {
        try await withFakeServer { server, transport in
            server.answer { _ in #"{"pass": true, "reason": "fine"}"# }
            let config = try ProjectConfig.parse(
                """
                providers:
                  fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                models:
                  judge: {provider: fake, model: judge-1}
                evaluators:
                  helpful: {kind: llm-judge, rubric: judges/helpful, model: judge}
                """, path: "c.yaml")
            // No cache: only the journal can answer the second time.
            func judge() throws -> (any Evaluator, JudgeCaller) {
                let caller = JudgeCaller(
                    factory: ProviderFactory(transport: transport, environment: [:]), cache: nil,
                    journal: try RunJournal(url: folder.file("judges.jsonl")))
                return (
                    try EvaluatorRegistry(config: config, root: folder.url, judge: caller).evaluators(
                        named: ["helpful"], usedBy: "t")[0], caller
                )
            }
            let (first, _) = try judge()
            #expect(await first.evaluate(input("a")).passed)
            #expect(await first.evaluate(input("b")).passed)
            #expect(server.requestCount == 2)
            // The process died here: the journal was never finished. A new attempt reuses it.
            let (second, caller) = try judge()
            #expect(await second.evaluate(input("a")).passed)
            #expect(await second.evaluate(input("c")).passed)
            #expect(server.requestCount == 3)
            #expect(await caller.ledger.reused == 1)
            try caller.finish()
            #expect(!FileManager.default.fileExists(atPath: folder.file("judges.jsonl").path))
        }
    }

    @Test func rangeAndChoiceScalesMapOntoZeroToOne() async throws {
        try await withFakeServer { server, transport in
            server.answer { request in
                let text = request.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
                return text.contains("\"choice\"")
                    ? #"{"choice": "ok", "reason": "fine"}"# : #"{"score": 4, "reason": "good"}"#
            }
            let (registry, _) = try registry(
                server, transport,
                evaluators: """
                      graded: {kind: llm-judge, rubric: judges/helpful, model: judge, scale: range, range: 5, threshold: 0.7}
                      picked: {kind: llm-judge, rubric: judges/helpful, model: judge, scale: choice, choices: {great: 1, ok: 0.6, poor: 0}}
                    """)
            let judges = try registry.evaluators(named: ["graded", "picked"], usedBy: "test")
            #expect(await judges[0].evaluate(input("x")) == Evaluation(score: 0.75, passed: true, reason: "4/5: good"))
            #expect(await judges[1].evaluate(input("x")) == Evaluation(score: 0.6, passed: true, reason: "ok: fine"))
        }
    }

    @Test func badJudgeAnswersAndFailedCallsAreEvaluationErrors() async throws {
        try await withFakeServer { server, transport in
            server.answer { _ in "I think it is fine." }
            let (registry, _) = try registry(
                server, transport,
                evaluators: "  helpful: {kind: llm-judge, rubric: judges/helpful, model: judge, scale: range}")
            let judge = try registry.evaluators(named: ["helpful"], usedBy: "test")[0]
            #expect(
                await judge.evaluate(input("x")).error == "the judge did not answer a JSON object: I think it is fine.")
            server.answer { _ in #"{"score": 9}"# }
            #expect(
                await judge.evaluate(input("y")).error?.hasPrefix("the judge answered no score from 1 to 5") == true)
        }
    }

    @Test func judgeConfigErrorsNameTheEntry() async throws {
        try await withFakeServer { server, transport in
            for (yaml, message) in [
                ("  j: {kind: llm-judge, model: judge}", "llm-judge needs a rubric"),
                (
                    "  j: {kind: llm-judge, rubric: judges/missing, model: judge}",
                    "rubric 'judges/missing': no file prompts/judges/missing.prompt"
                ),
                (
                    "  j: {kind: llm-judge, rubric: judges/helpful, model: nobody}",
                    "judge model: unknown model 'nobody'"
                ),
                (
                    "  j: {kind: llm-judge, rubric: judges/helpful, model: judge, scale: stars}",
                    "scale must be boolean, range or choice"
                ),
            ] {
                let (registry, _) = try registry(server, transport, evaluators: yaml)
                do {
                    _ = try registry.evaluators(named: ["j"], usedBy: "test")
                    Issue.record("no error for \(yaml)")
                } catch {
                    #expect("\(error)".hasPrefix("c.yaml:6:3: evaluator 'j': \(message)"), "\(error)")
                }
            }
        }
    }

    @Test func pairwiseJudgesBothOrdersAndCallsDisagreementATie() async throws {
        try await withFakeServer { server, transport in
            // A fair judge prefers the reply that apologises, wherever it is shown.
            server.answer { request in
                let text = request.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
                let a = text.components(separatedBy: "\nA: ").last?.components(separatedBy: "\nB: ").first ?? ""
                return a.contains("sorry")
                    ? #"{"winner": "A", "reason": "apologises"}"# : #"{"winner": "B", "reason": "apologises"}"#
            }
            let (registry, _) = try registry(
                server, transport, evaluators: "  better: {kind: pairwise, rubric: judges/better, model: judge}")
            let judge = try registry.evaluators(named: ["better"], usedBy: "test")[0]
            #expect(judge.comparesPairs)
            let row = DatasetRow(id: "t1", inputs: ["ticket": "late"])
            let base = EvaluatorHarness.record("Wait.", row: "t1", variant: "base")
            let candidate = EvaluatorHarness.record("So sorry, it ships today", row: "t1", variant: "candidate")
            let (before, after) = await judge.evaluatePair(row: row, base: base, candidate: candidate)
            #expect(
                after == Evaluation(score: 1, passed: true, reason: "candidate preferred in both orders: apologises"))
            #expect(before.score == 0 && !before.passed)
            #expect(server.requestCount == 2)
            let orders = server.requests.compactMap { $0.json?["messages"]?.arrayValue?.last?["content"]?.stringValue }
            #expect(orders.contains { $0.contains("A: Wait.\nB: So sorry") })
            #expect(orders.contains { $0.contains("A: So sorry, it ships today\nB: Wait.") })

            // A judge that always picks the first shown cancels out to a tie.
            server.answer { _ in #"{"winner": "A", "reason": "first"}"# }
            let biased = EvaluatorHarness.record("Hello there", row: "t1", variant: "candidate")
            let (tieBase, tieCandidate) = await judge.evaluatePair(row: row, base: base, candidate: biased)
            #expect(tieCandidate.score == 0.5 && tieCandidate.passed && tieBase.passed)
            #expect(
                tieCandidate.reason
                    == "the two orders disagree, so a tie (base first: base, candidate first: candidate)")
        }
    }

    @Test func theScorerPairsBaseAndCandidateForPairwiseJudges() async throws {
        try await withFakeServer { server, transport in
            server.answer { request in
                let text = request.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
                let a = text.components(separatedBy: "\nA: ").last?.components(separatedBy: "\nB: ").first ?? ""
                return a.hasPrefix("long") ? #"{"winner": "A"}"# : #"{"winner": "B"}"#
            }
            let (registry, _) = try registry(
                server, transport, evaluators: "  better: {kind: pairwise, rubric: judges/better, model: judge}")
            let judges = try registry.evaluators(named: ["better", "not-empty"], usedBy: "test")
            let records = (0..<4).flatMap { row in
                [
                    EvaluatorHarness.record("long answer \(row)", row: "r\(row)", variant: "base"),
                    EvaluatorHarness.record("short \(row)", row: "r\(row)", variant: "candidate"),
                ]
            }
            let rows = Dictionary(
                uniqueKeysWithValues: (0..<4).map { ("r\($0)", DatasetRow(id: "r\($0)", inputs: ["ticket": "t"])) })
            let scored = await Scorer(evaluators: judges).score(records, rows: rows)
            #expect(scored.allSatisfy { $0.evaluations["not-empty"]?.passed == true })
            #expect(scored.filter { $0.variant == "candidate" }.allSatisfy { $0.evaluations["better"]?.score == 0 })
            #expect(scored.filter { $0.variant == "base" }.allSatisfy { $0.evaluations["better"]?.score == 1 })
            let comparison = ScoreComparison(
                records: scored, weights: Scorer(evaluators: judges).weights, policy: VerdictPolicy(minEffect: 0.02))
            #expect(comparison.models.first?.passToFail == 4)
            #expect(server.requestCount == 8)
        }
    }
}
