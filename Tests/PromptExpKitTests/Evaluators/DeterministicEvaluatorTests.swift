import Foundation
import PromptExpKit
import Testing

@Suite struct DeterministicEvaluatorTests {
    typealias H = EvaluatorHarness

    @Test func equalsComparesWithExpectedTrimmedAndOptionallyIgnoringCase() async throws {
        let exact = try H.evaluator("kind: equals")
        #expect(await H.judge(exact, " Paris\n", expected: "Paris").passed)
        #expect(!(await H.judge(exact, "paris", expected: "Paris").passed))
        let loose = try H.evaluator("kind: equals\nignore_case: true")
        #expect(await H.judge(loose, "paris", expected: "Paris").passed)
        let missing = await H.judge(exact, "x")
        #expect(missing.error == "row r1 has no expected value and the evaluator gives no value")
    }

    @Test func containsInterpolatesRowInputsAndNegates() async throws {
        let names = try H.evaluator("kind: icontains\nvalue: \"{{customer}}\"")
        let hit = await H.judge(names, "Hello ANA, sorry about that", inputs: ["customer": "Ana"])
        #expect(hit.passed && hit.score == 1)
        #expect(hit.reason == "output contains \"Ana\"")
        let miss = await H.judge(names, "Hello there", inputs: ["customer": "Ana"])
        #expect(!miss.passed && miss.score == 0)
        #expect(miss.reason == "output does not contain \"Ana\"")

        let noRefund = try H.evaluator("kind: contains\nvalues: [refund, money back]\nnegate: true")
        #expect(await H.judge(noRefund, "Billing will review it.").passed)
        let promised = await H.judge(noRefund, "You will get a refund.")
        #expect(!promised.passed)
        #expect(promised.score == 0.5)
        #expect(promised.reason == "output contains \"refund\"")
    }

    @Test func severalValuesScoreTheShareFoundAndPassOnAllOrAny() async throws {
        let all = try H.evaluator("kind: contains\nvalues: [alpha, beta, gamma, delta]")
        let partial = await H.judge(all, "alpha and beta")
        #expect(partial.score == 0.5)
        #expect(!partial.passed)
        let half = try H.evaluator("kind: contains\nvalues: [alpha, beta, gamma, delta]\nthreshold: 0.5")
        #expect(await H.judge(half, "alpha and beta").passed)
        #expect(!(await H.judge(half, "alpha only").passed))
        let any = try H.evaluator("kind: contains\nvalues: [alpha, zeta]\nmatch: any")
        #expect(await H.judge(any, "alpha").passed)
        #expect(H.error("kind: contains\nvalue: x\nmatch: most")?.contains("match must be all or any") == true)
    }

    @Test func startsWithAndRegex() async throws {
        let starts = try H.evaluator("kind: starts-with\nvalue: Dear")
        #expect(await H.judge(starts, "Dear Ana").passed)
        #expect(!(await H.judge(starts, "Hi, Dear Ana").passed))
        let regex = try H.evaluator("kind: regex\npattern: \"^INV-[0-9]{4}-[0-9]+$\"")
        #expect(await H.judge(regex, "INV-2026-1000").passed)
        #expect(!(await H.judge(regex, "invoice INV-2026-1000").passed))
        let insensitive = try H.evaluator("kind: regex\npattern: \"\\\\bthank(s| you)\\\\b\"\nignore_case: true")
        #expect(await H.judge(insensitive, "THANK YOU for waiting").passed)
    }

    @Test func aBadRegexIsAConfigErrorNamingTheEntry() {
        let message = H.error("kind: regex\npattern: \"([a-z\"")
        #expect(
            message?.hasPrefix("c.yaml:2:3: evaluator 'e': invalid regular expression '([a-z'") == true,
            "\(message ?? "")")
    }

    @Test func aBadRegexFromTheRowIsAnEvaluationError() async throws {
        let evaluator = try H.evaluator("kind: regex\npattern: \"{{wanted}}\"")
        let evaluation = await H.judge(evaluator, "x", inputs: ["wanted": "([a"])
        #expect(evaluation.error?.hasPrefix("invalid regular expression '([a' for row") == true)
    }

    @Test func notEmptyAndLengthBounds() async throws {
        let notEmpty = try H.evaluator("kind: not-empty")
        #expect(!(await H.judge(notEmpty, "  \n ").passed))
        #expect(await H.judge(notEmpty, "ok").passed)
        let length = try H.evaluator("kind: length\nmax_words: 3\nmin_chars: 5")
        #expect(await H.judge(length, "one two three").passed)
        let long = await H.judge(length, "one two three four")
        #expect(!long.passed)
        #expect(long.reason == "4 words, more than 3")
        #expect(H.error("kind: length")?.contains("length needs at least one of") == true)
        #expect(
            H.error("kind: length\nmax_words: 3\nmax_word: 3")?.contains("unknown setting 'max_word' for kind 'length'")
                == true)
    }

    @Test func jsonValidWithAndWithoutFences() async throws {
        let strict = try H.evaluator("kind: json-valid")
        #expect(await H.judge(strict, "{\"a\": 1}").passed)
        let broken = await H.judge(strict, "{\"a\": 1,}")
        #expect(!broken.passed)
        #expect(broken.reason.hasPrefix("not valid JSON: 1:"))
        #expect(!(await H.judge(strict, "```json\n{\"a\": 1}\n```").passed))
        let fenced = try H.evaluator("kind: json-valid\nstrip_fences: true")
        #expect(await H.judge(fenced, "```json\n{\"a\": 1}\n```").passed)
    }

    @Test func similarityByRougeLAndLevenshtein() async throws {
        #expect(TextSimilarity.levenshtein("kitten", "sitting") == 1 - 3.0 / 7.0)
        #expect(TextSimilarity.levenshtein("", "") == 1)
        #expect(TextSimilarity.levenshtein("abc", "") == 0)
        // LCS "the cat on the mat" is 5 of the 6 words on each side: F1 = 5/6.
        let rouge = TextSimilarity.rougeL(candidate: "the cat sat on the mat", reference: "the cat lay on the mat")
        #expect(abs(rouge - 5.0 / 6.0) < 1e-12)
        #expect(TextSimilarity.rougeL(candidate: "a b", reference: "c d") == 0)
        let evaluator = try H.evaluator("kind: similarity\nmethod: levenshtein\nthreshold: 0.8")
        let close = await H.judge(evaluator, "colour", expected: "color")
        #expect(close.passed)
        #expect(abs(close.score - (1 - 1.0 / 6.0)) < 1e-9)
        #expect(H.error("kind: similarity\nmethod: bleu")?.contains("method must be rouge-l or levenshtein") == true)
        #expect(H.error("kind: similarity\nthreshold: 2")?.contains("threshold must be between 0 and 1") == true)
    }

    @Test func costAndLatencyCeilings() async throws {
        let cost = try H.evaluator("kind: cost\nmax_usd: 0.01")
        #expect(await H.judge(cost, "x", cost: 0.005).passed)
        let over = await H.judge(cost, "x", cost: 0.02)
        #expect(!over.passed && over.score == 0.5)
        #expect(await H.judge(cost, "x").error == "the call's cost is unknown (no price for its model)")
        let latency = try H.evaluator("kind: latency\nmax_ms: 1000")
        #expect(await H.judge(latency, "x", latency: 900).passed)
        let slow = await H.judge(latency, "x", latency: 4000)
        #expect(!slow.passed && slow.score == 0.25)
        #expect(slow.reason == "4000 ms over the ceiling of 1000 ms")
        #expect(H.error("kind: latency")?.contains("latency needs max_ms") == true)
    }

    @Test func unknownNamesAndKindsAreClearErrors() throws {
        let config = try ProjectConfig.parse(
            "evaluators:\n  polite:\n    kind: regex\n    pattern: x\n", path: "c.yaml")
        let registry = EvaluatorRegistry(config: config, root: H.root)
        #expect(throws: EvaluatorError.self) { try registry.evaluators(named: ["polit"], usedBy: "prompts/a.prompt") }
        do {
            _ = try registry.evaluators(named: ["polit"], usedBy: "prompts/a.prompt")
        } catch {
            #expect("\(error)".hasPrefix("prompts/a.prompt: unknown evaluator 'polit' (did you mean 'polite'?)"))
        }
        #expect(H.error("kind: sentiment")?.hasPrefix("c.yaml:2:3: evaluator 'e': unknown kind 'sentiment'") == true)
        // Built-ins need no config.
        #expect(
            try registry.evaluators(named: ["not-empty", "json-valid"], usedBy: "x").map(\.name) == [
                "not-empty", "json-valid",
            ])
    }

    @Test func weightsAndAFailedCallScoreInTheOverall() async throws {
        let heavy = try H.evaluator("kind: contains\nvalue: a\nweight: 3", name: "heavy")
        let light = try H.evaluator("kind: contains\nvalue: b", name: "light")
        let scorer = Scorer(evaluators: [heavy, light])
        let rows = ["r1": DatasetRow(id: "r1", inputs: [:]), "r2": DatasetRow(id: "r2", inputs: [:])]
        let scored = await scorer.score(
            [H.record("b only", row: "r1"), H.record(nil, row: "r2", error: "HTTP 500")], rows: rows)
        let overall = try #require(scored[0].overall(weights: scorer.weights))
        #expect(overall.score == 0.25)
        #expect(!overall.passed)
        let failed = try #require(scored[1].evaluations["heavy"])
        #expect(!failed.passed)
        #expect(failed.reason.hasPrefix("no output: the call failed"))
        // Scores round-trip through a results line.
        let line = try JSONValue.parse(Data(scored[0].canonicalLine.utf8))
        #expect(ResultRecord(json: line)?.evaluations == scored[0].evaluations)
    }
}
