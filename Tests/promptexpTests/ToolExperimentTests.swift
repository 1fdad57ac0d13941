import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// An experiment on a tool-using prompt, from the binary: the candidate only rewords a
/// tool's description, and the verdict says which rows now call the wrong tool.
@Suite struct ToolExperimentTests {
    static func prompt(helpDescription: String) -> String {
        """
        ---
        model: fake-model
        tools:
          - name: help_articles
            description: \(helpDescription)
            parameters: {type: object, properties: {query: {type: string}}}
          - name: track
            description: Where a parcel or order is now, by order number
            parameters: {type: object, properties: {order_number: {type: string}}, required: [order_number]}
        tests:
          dataset: datasets/asks.jsonl
          evaluators: [right-tool]
        ---
        user:
        {{question}}

        """
    }

    /// A repository whose `support` prompt offers two tools on the fake server as provider
    /// `kind`, with an experiment `reword` whose candidate rewords the help tool so that it
    /// also claims orders: listed first, it wins the five order rows.
    static func rewordExperiment(_ server: FakeProviderServer, kind: String) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let orders = (1...5).map {
            #"{"id": "o\#($0)", "question": "Where is order A-1\#($0)?", "expected": {"tool_calls": [{"name": "track", "arguments": {"order_number": "A-1\#($0)"}}]}}"#
        }
        let helps = (1...5).map {
            #"{"id": "h\#($0)", "question": "How do I change setting \#($0)? Any help?", "expected": {"tool_calls": [{"name": "help_articles"}]}}"#
        }
        let base = kind == "gemini" ? "\(server.baseURL)/v1beta" : "\(server.baseURL)/v1"
        try scratch.commit(
            [
                "prompts/support.prompt": Self.prompt(helpDescription: "How-to answers from the help center"),
                "datasets/asks.jsonl": (orders + helps).joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: \(kind), base_url: "\(base)", api_key_env: FAKE_KEY}
                models:
                  fake-model: {provider: fake}
                evaluators:
                  right-tool: {kind: tool-call}

                """,
            ], message: "a support prompt with tools")
        try scratch.git("checkout", "-q", "--", ".")
        #expect(try scratch.promptexp(["exp", "new", "reword", "--prompt", "support"], extra: Self.key).status == 0)
        try scratch.write(
            "prompts/support.prompt",
            Self.prompt(helpDescription: "How-to answers from the help center, and where any order is"))
        return scratch
    }

    static let key = ["FAKE_KEY": "sk-fake-tools-0123456789"]

    @Test func rewordingAToolsDescriptionShowsWhichRowsNowCallTheWrongTool() async throws {
        try await withFakeServer { server, _ in
            let scratch = try Self.rewordExperiment(server, kind: "openai")
            let run = try scratch.promptexp(["exp", "run", "--yes"], extra: Self.key)
            #expect(run.status == 2 || run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("regressed"), "\(run.standardOutput)")
            // A changed call is a changed answer, though neither side wrote any text.
            #expect(run.standardOutput.contains("changed outputs: 5 of 10"), "\(run.standardOutput)")

            // Every call was a tool call, kept in the results with canonical arguments.
            let lines = try scratch.read(".promptexp/experiments/reword/results.jsonl").split(separator: "\n")
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { $0.contains(#""tool_calls":[{"arguments":"#) })
            #expect(
                lines.contains {
                    $0.contains(#""arguments":{"order_number":"A-11"},"id":"call_fake_1","name":"track""#)
                })

            let worse = try scratch.promptexp(
                ["exp", "show", "reword", "--worse", "--no-pager", "--color", "never"], extra: Self.key)
            #expect(worse.status == 0, "\(worse.standardError)")
            for row in 1...5 { #expect(worse.standardOutput.contains("row o\(row)")) }
            #expect(!worse.standardOutput.contains("row h1"))
            #expect(worse.standardOutput.contains("called help_articles, expected track"), "\(worse.standardOutput)")
            #expect(worse.standardOutput.contains(#"→ track({"order_number":"A-11"})"#))
            // The reviewer's report shows the calls, base against candidate.
            let report = try scratch.read(".promptexp/experiments/reword/report.md")
            #expect(report.contains("→ track("), "\(report)")
            #expect(report.contains("→ help_articles("))
            let html = try scratch.promptexp(["report", "reword", "--format", "html"], extra: Self.key)
            // In HTML the call's changed name and argument are marked, base against candidate.
            #expect(html.standardOutput.contains("→ <del>track</del>({&quot;<del>order_number</del>&quot;"))
            #expect(html.standardOutput.contains("→ <ins>help_articles</ins>"))
            // The request carried the tools in OpenAI's shape.
            let sent = try #require(server.requests.first?.json)
            #expect(sent["tools"]?.arrayValue?.count == 2)
        }
    }

    /// The same experiment through each provider's batch API: the batches' answers carry
    /// the tool calls, parsed as the direct answers are.
    @Test(arguments: ["openai", "anthropic", "gemini"])
    func batchModeCarriesToolCallsOnEveryWireFormat(kind: String) async throws {
        try await withFakeServer { server, _ in
            let scratch = try Self.rewordExperiment(server, kind: kind)
            let submitted = try scratch.promptexp(["exp", "run", "--batch", "--yes"], extra: Self.key)
            #expect(submitted.status == 0, "\(submitted.standardError)")
            var collected = ""
            for _ in 0..<3 where !collected.contains("regressed") {
                collected = try scratch.promptexp(["exp", "run", "--yes"], extra: Self.key).standardOutput
            }
            #expect(collected.contains("regressed"), "\(collected)")
            #expect(server.requestCount == 0)
            let lines = try scratch.git("show", "HEAD:.promptexp/experiments/reword/results.jsonl").split(
                separator: "\n")
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { $0.contains(#""batch":"#) && $0.contains(#""tool_calls":[{"arguments":"#) })
            #expect(lines.contains { $0.contains(#""arguments":{"order_number":"A-11"}"#) })
        }
    }
}
