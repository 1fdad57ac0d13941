import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// The batch APIs read the providers' real result lines (samples in Fixtures/formats), and
/// the ledger survives a round trip through its file.
@Suite struct BatchWireTests {
    static func lines(_ name: String) throws -> [JSONValue] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/formats/\(name)", withExtension: "jsonl"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONValue.parse(Data($0.utf8))
        }
    }

    /// An endpoint for the batch APIs' parsing, which sends nothing (its client is shut down after).
    static func withEndpoint(_ body: (ProviderEndpoint) throws -> Void) async throws {
        try await withFakeServer { server, transport in
            try body(ProviderEndpoint(name: "p", baseURL: server.baseURL, apiKey: nil, transport: transport))
        }
    }

    @Test func openAIOutputLinesAreMatchedByCustomID() async throws {
        try await Self.withEndpoint { endpoint in try Self.openAIOutput(OpenAIBatchAPI(endpoint: endpoint)) }
    }

    static func openAIOutput(_ api: OpenAIBatchAPI) throws {
        let answers = try Self.lines("openai_batch_output.sample").compactMap(api.answer(in:))
        #expect(answers.map(\.customID) == ["request-1", "request-2"])
        guard case .answered(let first) = answers[0].answer, case .answered(let second) = answers[1].answer else {
            Issue.record("both sample lines are answers")
            return
        }
        #expect(first.text == "Hello! How can I assist you today?")
        #expect(first.usage == TokenUsage(inputTokens: 20, outputTokens: 10))
        #expect(second.finishReason == "length")
    }

    @Test func openAIErrorLinesAndFailedStatusesAreFailures() async throws {
        try await Self.withEndpoint { endpoint in Self.openAIErrors(OpenAIBatchAPI(endpoint: endpoint)) }
    }

    static func openAIErrors(_ api: OpenAIBatchAPI) {
        let expired: JSONValue = [
            "custom_id": "a", "response": .null,
            "error": [
                "code": "batch_expired",
                "message": "This request could not be executed before the completion window expired.",
            ],
        ]
        #expect(
            api.answer(in: expired)?.answer
                == .failed("batch_expired: This request could not be executed before the completion window expired."))
        let refused: JSONValue = [
            "custom_id": "b", "response": ["status_code": 400, "body": ["error": ["message": "bad max_tokens"]]],
            "error": .null,
        ]
        #expect(api.answer(in: refused)?.answer == .failed("HTTP 400: bad max_tokens"))
        #expect(api.answer(in: ["no": "custom id"]) == nil)
    }

    @Test func openAIRequestLinesAreTheDocumentedShape() throws {
        let sample = try Self.lines("openai_batch_input.sample")[0]
        let request = ChatRequest(
            model: "gpt-3.5-turbo-0125",
            messages: [
                ChatMessage(role: .system, content: "You are a helpful assistant."),
                ChatMessage(role: .user, content: "Hello world!"),
            ], params: ["max_tokens": 1000])
        let line = try JSONValue.parse(
            Data(OpenAIBatchAPI.line(for: BatchRequest(customID: "request-1", request: request)).utf8))
        #expect(line == sample)
    }

    @Test func anthropicResultTypesEachMapToAnOutcome() async throws {
        try await Self.withEndpoint { endpoint in try Self.anthropicResults(AnthropicBatchAPI(endpoint: endpoint)) }
    }

    static func anthropicResults(_ api: AnthropicBatchAPI) throws {
        let answers = try Self.lines("anthropic_batch_results.sample").compactMap(api.answer(in:))
        #expect(
            answers.map(\.customID) == [
                "my-second-request", "my-first-request", "my-third-request", "my-fourth-request",
            ])
        guard case .answered(let response) = answers[0].answer else {
            Issue.record("the first sample line succeeded")
            return
        }
        #expect(response.text == "Hello again! It's nice to see you.")
        #expect(response.finishReason == "stop")
        #expect(
            answers[1].answer == .failed("invalid_request_error: Validation error: messages.0.content: Field required"))
        #expect(answers[2].answer == .failed("the batch expired before this request ran"))
        #expect(answers[3].answer == .failed("the batch was cancelled before this request ran"))
    }

    @Test func batchStatesMapToPhases() throws {
        #expect(try OpenAIBatchAPI.status(["id": "b", "status": "finalizing"]).phase == .running)
        #expect(try OpenAIBatchAPI.status(["id": "b", "status": "expired"]).phase == .ended)
        #expect(
            try OpenAIBatchAPI.status(["id": "b", "status": "failed", "errors": ["data": [["message": "bad line 3"]]]])
                .phase == .failed("bad line 3"))
        #expect(try AnthropicBatchAPI.status(["id": "m", "processing_status": "canceling"]).phase == .running)
        #expect(try AnthropicBatchAPI.status(["id": "m", "processing_status": "ended"]).phase == .ended)
        #expect(
            try GeminiBatchAPI.status(["name": "batches/1", "metadata": ["state": "JOB_STATE_RUNNING"]]).phase
                == .running)
        #expect(
            try GeminiBatchAPI.status(["name": "batches/1", "metadata": ["state": "BATCH_STATE_EXPIRED"]]).phase
                == .ended)
        #expect(
            try GeminiBatchAPI.status([
                "name": "batches/1",
                "metadata": [
                    "state": "BATCH_STATE_RUNNING", "batchStats": ["requestCount": "10", "pendingRequestCount": "4"],
                ],
            ]).finished == 6)
        #expect(throws: ProviderError.self) { try OpenAIBatchAPI.status(["status": "completed"]) }
    }

    @Test func theLedgerRoundTripsThroughItsFile() throws {
        let folder = try TemporaryDirectory(prefix: "ledger")
        let url = folder.url.appendingPathComponent("batches.json")
        var ledger = BatchLedger()
        ledger.entries = [
            .init(
                provider: "openai", model: "m", label: "promptexp-a", id: "batch_1",
                submitted: Date(timeIntervalSince1970: 1_700_000_000), requestHashes: ["h1", "h2"]),
            .init(
                provider: "anthropic", model: "c", label: "promptexp-b", id: nil,
                submitted: Date(timeIntervalSince1970: 1_700_000_100), requestHashes: ["h3"]),
        ]
        ledger.ended = ["batch_1"]
        ledger.failures = ["h2": "expired"]
        try ledger.save(to: url)
        let read = try BatchLedger.load(from: url, displayPath: "batches.json")
        #expect(read == ledger)
        #expect(read.open.map(\.label) == ["promptexp-b"])
        try BatchLedger().save(to: url)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try Data("{not json".utf8).write(to: url)
        #expect(throws: BatchError.self) { try BatchLedger.load(from: url, displayPath: "x/batches.json") }
    }
}
