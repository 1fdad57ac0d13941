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

    @Test func rewordingAToolsDescriptionShowsWhichRowsNowCallTheWrongTool() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            let orders = (1...5).map {
                #"{"id": "o\#($0)", "question": "Where is order A-1\#($0)?", "expected": {"tool_calls": [{"name": "track", "arguments": {"order_number": "A-1\#($0)"}}]}}"#
            }
            let helps = (1...5).map {
                #"{"id": "h\#($0)", "question": "How do I change setting \#($0)? Any help?", "expected": {"tool_calls": [{"name": "help_articles"}]}}"#
            }
            try scratch.commit(
                [
                    "prompts/support.prompt": Self.prompt(helpDescription: "How-to answers from the help center"),
                    "datasets/asks.jsonl": (orders + helps).joined(separator: "\n") + "\n",
                    ".gitignore": ".promptexp/cache/\n",
                    ".promptexp/config.yaml": """
                    providers:
                      fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                    models:
                      fake-model: {provider: fake}
                    evaluators:
                      right-tool: {kind: tool-call}

                    """,
                ], message: "a support prompt with tools")
            try scratch.git("checkout", "-q", "--", ".")
            #expect(try scratch.promptexp("exp", "new", "reword", "--prompt", "support").status == 0)
            // The help tool now also claims orders: listed first, it wins the order rows.
            try scratch.write(
                "prompts/support.prompt",
                Self.prompt(helpDescription: "How-to answers from the help center, and where any order is"))
            let run = try scratch.promptexp("exp", "run", "--yes")
            #expect(run.status == 2 || run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("regressed"), "\(run.standardOutput)")

            // Every call was a tool call, kept in the results with canonical arguments.
            let lines = try scratch.read(".promptexp/experiments/reword/results.jsonl").split(separator: "\n")
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { $0.contains(#""tool_calls":[{"arguments":"#) })
            #expect(
                lines.contains {
                    $0.contains(#""arguments":{"order_number":"A-11"},"id":"call_fake_1","name":"track""#)
                })

            let worse = try scratch.promptexp("exp", "show", "reword", "--worse", "--no-pager", "--color", "never")
            #expect(worse.status == 0, "\(worse.standardError)")
            for row in 1...5 { #expect(worse.standardOutput.contains("row o\(row)")) }
            #expect(!worse.standardOutput.contains("row h1"))
            #expect(worse.standardOutput.contains("called help_articles, expected track"), "\(worse.standardOutput)")
            #expect(worse.standardOutput.contains(#"→ track({"order_number":"A-11"})"#))
            // The request carried the tools in OpenAI's shape.
            let sent = try #require(server.requests.first?.json)
            #expect(sent["tools"]?.arrayValue?.count == 2)
        }
    }
}
