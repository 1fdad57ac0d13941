import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import PromptExpView

/// A run started from the page goes through the same sequence as `exp run`: calls an
/// earlier `exp run --batch` handed to a provider's batch API are collected from it, never
/// sent again directly and paid for twice.
@Suite struct ViewBatchRunTests {
    @Test func aRunFromThePageCollectsOpenBatchesAndSendsNothingTwice() async throws {
        try await withFakeServer { server, _ in
            let scratch = try viewRunRepository(server, rows: 6)
            #expect(
                try scratch.promptexp(
                    "exp", "new", "k", "--prompt", "math", "--dataset", "sums", "--model", "fake-model"
                )
                .status == 0)
            try scratch.write(
                "prompts/math.prompt", "---\ntests: {models: [fake-model]}\n---\nuser:\nPlease answer: {{question}}\n")
            let submitted = try scratch.promptexp("exp", "run", "--batch", "--yes")
            #expect(submitted.status == 0, "\(submitted.standardError)")
            #expect(server.batches.created == (1, 12))
            #expect(server.requestCount == 0)

            let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
            try await app.test(.router) { client in
                let plan = try await sendWithToken(client, .get, "/api/plan?experiment=k")
                #expect(plan?["to_send"] == 0, "\(String(describing: plan))")
                func runToTheEnd() async throws -> JSONValue? {
                    _ = try await sendWithToken(client, .post, "/api/run?experiment=k")
                    var status: JSONValue?
                    for _ in 0..<3000 {
                        status = try await sendWithToken(client, .get, "/api/run?experiment=k")
                        if status?["state"] != "running" { break }
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    return status
                }
                // The batch is still running at the provider: the page says so, sends nothing.
                let waiting = try await runToTheEnd()
                #expect(waiting?["state"] == "waiting", "\(String(describing: waiting))")
                #expect(
                    waiting?["message"]?.stringValue?.hasPrefix("12 calls waiting in 1 batch at the providers") == true)
                #expect(server.requestCount == 0)
                // It has ended: the next run from the page collects it and commits.
                let done = try await runToTheEnd()
                #expect(done?["state"] == "done", "\(String(describing: done))")
            }
            // Collected from the batch: not one call went to the chat endpoint.
            #expect(server.requestCount == 0)
            #expect(server.batches.created == (1, 12))
            let records = try scratch.git("show", "exp/k:.promptexp/experiments/k/results.jsonl").split(separator: "\n")
            #expect(records.count == 12)
            #expect(records.allSatisfy { $0.contains(server.batches.batchIDs.first ?? "?") })
        }
    }
}
