import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// Output tokens are estimated from what is known before `max_tokens` is assumed, and the
/// estimate says which source it used.
@Suite struct CostEstimateTests {
    let price = ModelPrice(inputPerMillion: 1_000_000, outputPerMillion: 1_000_000)

    func call(_ index: Int, variant: String = "candidate", maxTokens: Int? = 400) -> PlannedCall {
        let model = ResolvedModel(
            name: "m", provider: ProviderConfig(name: "p", kind: .openai, baseURL: "http://127.0.0.1:1"),
            modelID: "m-1", price: price)
        let params: [String: JSONValue] = maxTokens.map { ["max_tokens": .int($0)] } ?? [:]
        // 36 bytes of content + 4 per message: 10 input tokens.
        let request = ChatRequest(
            model: "m-1", messages: [ChatMessage(role: .user, content: String(repeating: "x", count: 36))],
            params: params)
        return PlannedCall(
            index: index, rowID: "r\(index)", variant: variant, model: model, repeatIndex: 0,
            promptBlob: Repository.hashBlob(Data("p".utf8)), request: request)
    }

    func answer(tokens: Int) -> CachedResponse {
        CachedResponse(
            text: "…", finishReason: "stop", usage: TokenUsage(inputTokens: 1, outputTokens: tokens),
            latencyMilliseconds: 1)
    }

    @Test func answersThisRunAlreadyHasComeFirst() throws {
        var estimate = CostEstimate()
        estimate.add(call(0), answer: answer(tokens: 20))
        estimate.add(call(1), answer: answer(tokens: 40))
        estimate.add(call(2), answer: nil)
        let folder = try TemporaryDirectory()
        var history = OutputTokenHistory()
        try history.addLoggedOutputs(
            of: try dataset(in: folder, ["{\"q\": 1, \"output\": \"" + String(repeating: "y", count: 400) + "\"}"]))
        estimate.finish(history: history)
        let group = try #require(estimate.groups.first)
        #expect(group.outputPerCall == 30)
        #expect(group.outputSource == .knownAnswers(2))
        #expect(estimate.outputTokens == 30)
        #expect(estimate.inputTokens == 10)
        #expect(abs(estimate.cost - 40) < 1e-9)
        #expect(
            estimate.methods.last
                == "output tokens, candidate · m: 30 per call, the mean of 2 answers this run already has for the same prompt and model"
        )
    }

    @Test func thenLoggedOutputsThenMaxTokensThenTheAssumption() throws {
        var logged = CostEstimate()
        logged.add(call(0), answer: nil)
        let folder = try TemporaryDirectory()
        var history = OutputTokenHistory()
        // 400 bytes ≈ 100 tokens; a row whose log counted its tokens counts as logged.
        try history.addLoggedOutputs(
            of: try dataset(
                in: folder,
                [
                    "{\"q\": 1, \"output\": \"" + String(repeating: "y", count: 400) + "\"}",
                    "{\"q\": 2, \"output\": \"z\", \"metadata\": {\"output_tokens\": 50}}",
                    "{\"q\": 3}",
                ]))
        logged.finish(history: history)
        #expect(logged.groups.first?.outputPerCall == 75)
        #expect(logged.groups.first?.outputSource == .loggedOutputs(2))

        var capped = CostEstimate()
        capped.add(call(0, maxTokens: 60), answer: nil)
        capped.finish(history: history)
        #expect(capped.groups.first?.outputPerCall == 60)

        var limited = CostEstimate()
        limited.add(call(0), answer: nil)
        limited.finish(history: OutputTokenHistory())
        #expect(limited.groups.first?.outputSource == .maxTokens)
        #expect(limited.outputTokens == 400)

        var assumed = CostEstimate()
        assumed.add(call(0, maxTokens: nil), answer: nil)
        assumed.finish(history: OutputTokenHistory())
        #expect(assumed.groups.first?.outputSource == .assumed)
        #expect(assumed.outputTokens == CostEstimate.assumedOutputTokens)
    }

    @Test func earlierResultsCountPerVariantAndModel() throws {
        let folder = try TemporaryDirectory()
        let blob = Repository.hashBlob(Data("p".utf8))
        var lines = ""
        for (variant, tokens) in [("base", 10), ("candidate", 90), ("candidate", 110)] {
            let record = ResultRecord(
                rowID: "r", variant: variant, model: "m", repeatIndex: 0, promptBlob: blob, requestHash: "h",
                output: "out",
                finishReason: "stop", usage: TokenUsage(inputTokens: 1, outputTokens: tokens), cost: nil,
                latencyMilliseconds: 1,
                error: nil)
            lines += record.canonicalLine + "\n"
        }
        try lines.write(to: folder.file("results.jsonl"), atomically: true, encoding: .utf8)
        var history = OutputTokenHistory()
        try history.addResults(at: folder.file("results.jsonl"), displayPath: "results.jsonl")
        try history.addResults(at: folder.file("missing.jsonl"), displayPath: "missing.jsonl")
        var estimate = CostEstimate()
        estimate.add(call(0, variant: "base"), answer: nil)
        estimate.add(call(1, variant: "candidate"), answer: nil)
        estimate.finish(history: history)
        #expect(estimate.groups.map(\.outputPerCall) == [10, 100])
        #expect(estimate.groups.last?.outputSource == .earlierResults(2, path: "results.jsonl"))
    }

    func dataset(in folder: TemporaryDirectory, _ lines: [String]) throws -> DatasetFile {
        let url = folder.file("d.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return DatasetFile(url: url, displayPath: "d.jsonl")
    }
}
