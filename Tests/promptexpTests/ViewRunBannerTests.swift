import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// A run whose calls failed says so at the top of the experiment page, with the way out
/// (a rerun sends only those calls again), instead of leaving the errors to be found row
/// by row.
@Suite(
    .enabled(
        if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
struct ViewRunBannerTests {
    @Test func failedCallsOfTheLastRunAreABanner() async throws {
        try await withFakeServer { server, _ in try Self.failedCallsOfTheLastRunAreABannerBody(server) }
    }

    /// Out of the async closure: the release optimizer and the binary (see PITFALLS).
    static func failedCallsOfTheLastRunAreABannerBody(_ server: FakeProviderServer) throws {
        let scratch = try viewRunRepository(server, rows: 6)
        let made = try scratch.promptexp(
            "exp", "new", "e", "--prompt", "math", "--dataset", "sums", "--model", "fake-model")
        #expect(made.status == 0, "\(made.standardError)")
        try scratch.write("prompts/math.prompt", "---\n---\nuser:\nAnswer: {{question}}\n")
        // Twelve calls one at a time: the last two are refused (a 400 is not retried).
        server.script(
            Array(repeating: .answer, count: 10), then: .status(400, body: #"{"error": {"message": "bad request"}}"#))
        let run = try scratch.promptexp("exp", "run", "--quiet")
        #expect(run.status == 1)
        #expect(run.standardError.contains("error: 2 of 12 calls failed"), "\(run.standardError)")
        #expect(run.standardOutput.contains("committed "))
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        func page() throws -> String {
            try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/chromium"),
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--virtual-time-budget=5000", "--dump-dom", view.url + "#/experiment/e",
                ], in: scratch.root, timeout: 120
            ).standardOutput
        }
        let dom = try page()
        #expect(dom.contains("<strong>2 calls failed in the last run</strong>"), "\(dom.prefix(3000))")
        // (The page's script holds these words too: the rendered banner is what is looked for.)
        #expect(dom.contains("<div>Their rows count as failing; the errors are in each opened row."))
        #expect(!dom.contains("<strong>The last run started here"))
        // The prompt has no evaluators: the headline says the run was not scored.
        #expect(dom.contains(">Not scored: no evaluator gave a score</div>"))

        // A run started from the page (through its API) whose two calls fail again: the
        // page says so when it is next opened.
        let poll = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            ["-c", Self.runFromThePage, view.url], in: scratch.root, timeout: 120)
        #expect(poll.standardOutput.hasPrefix("failed"), "\(poll.standardOutput)\(poll.standardError)")
        #expect(server.requestCount == 14)
        let after = try page()
        #expect(
            after.contains("<strong>The last run started here ended with a problem</strong>"), "\(after.prefix(3000))")
        #expect(after.contains("<div>2 of 12 calls failed"), "\(poll.standardOutput)")
    }

    /// Starts a run of experiment `e` as the page does and waits for it to end; prints its
    /// state and message.
    static let runFromThePage = """
        import json, sys, time, urllib.request
        base, token = sys.argv[1].split("/?token=")
        def call(method, path):
            request = urllib.request.Request(base + path, method=method, headers={"X-Promptexp-Token": token})
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        call("POST", "/api/run?experiment=e")
        for _ in range(1200):
            status = call("GET", "/api/run?experiment=e")
            if status["state"] != "running":
                break
            time.sleep(0.05)
        print(status["state"], status.get("message"))
        """
}
