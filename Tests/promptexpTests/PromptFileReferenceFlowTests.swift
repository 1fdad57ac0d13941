import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// A prompt whose tools live in a file of the repository: the file is part of the
/// version. A change to it alone is checked by the gate, an experiment commits it with
/// its run, and a promotion refuses a file changed since the run.
@Suite struct PromptFileReferenceFlowTests {
    static let prompt = """
        ---
        tags: [production]
        model: mock/echo
        tools: {file: tools/orders.json}
        tests:
          dataset: orders
          evaluators: [tool-call]
        ---
        user:
        {{question}}

        """

    static func tools(name: String = "get_order", description: String = "Look up an order") -> String {
        #"[{"name": "\#(name)", "description": "\#(description)", "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}]"#
            + "\n"
    }

    static func repository() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let rows = (1...4).map {
            #"{"id": "r\#($0)", "question": "Where is order A-\#($0)?", "expected": {"tool_calls": [{"name": "get_order", "arguments": {"order_id": "A-\#($0)"}}]}}"#
        }
        try scratch.commit(
            [
                "prompts/orders.prompt": prompt, "tools/orders.json": tools(),
                "datasets/orders.jsonl": rows.joined(separator: "\n") + "\n", ".gitignore": ".promptexp/cache/\n",
            ], message: "orders")
        return scratch
    }

    @Test func aChangeToTheToolsFileAloneIsCheckedByTheGate() throws {
        let scratch = try Self.repository()
        let ran = try scratch.promptexp("run", "orders", "--quiet")
        #expect(ran.status == 0, "\(ran.standardError)")
        #expect(try scratch.read(".promptexp/runs/orders.results.jsonl").contains(#""name":"get_order""#))

        try scratch.write("tools/orders.json", Self.tools(name: "find_order"))
        try scratch.git("add", "tools/orders.json")
        let check = try scratch.promptexp("check", "--staged")
        #expect(check.status == 2, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("orders: regressed"), "\(check.standardOutput)")
        #expect(check.standardOutput.contains("tool-call: called find_order, expected get_order"))
        // The review report shows the file's change, as the prompt file did not change.
        let review = try scratch.promptexp("check", "--staged", "--format", "markdown")
        #expect(review.standardOutput.contains("`tools/orders.json` (named by the prompt) diff base → candidate"))
        #expect(review.standardOutput.contains(#"+[{"name": "find_order""#), "\(review.standardOutput)")
        // Put back, the gate has nothing to check.
        try scratch.git("checkout", "-q", "HEAD", "--", "tools/orders.json")
        #expect(try scratch.promptexp("check", "--staged").standardOutput.contains("0 prompts checked"))
    }

    @Test func anExperimentCommitsTheFileAndPromotionFollowsIt() throws {
        let scratch = try Self.repository()
        #expect(try scratch.promptexp("exp", "new", "parcel", "--prompt", "orders").status == 0)
        try scratch.write("tools/orders.json", Self.tools(name: "track_order", description: "Track a parcel"))
        let run = try scratch.promptexp("exp", "run", "--yes", "--quiet")
        #expect([0, 2].contains(run.status), "\(run.standardError)")
        // The run read the candidate's file and committed it with the results.
        #expect(try scratch.git("show", "exp/parcel:tools/orders.json").contains("parcel"))
        #expect(try scratch.git("status", "--porcelain") == "")
        let summary = try JSONValue.parse(
            Data(try scratch.git("show", "exp/parcel:.promptexp/experiments/parcel/summary.json").utf8))
        let blob = try scratch.git("rev-parse", "exp/parcel:tools/orders.json").trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(summary["candidate"]?["files"] == ["tools/orders.json": .string(blob)])
        // The base ran with production's tools, the candidate with the branch's.
        let results = try scratch.read(".promptexp/experiments/parcel/results.jsonl")
        #expect(results.contains(#""name":"get_order""#))
        let shown = try scratch.promptexp("exp", "show")
        #expect(
            shown.standardOutput.contains("called track_order, expected get_order"),
            "\(shown.standardOutput)\(shown.standardError)")

        // The diff shows what changed: the prompt file is the base's, its tools file is not.
        let diff = try scratch.promptexp("exp", "diff")
        #expect(diff.standardOutput.contains("(the prompt file is the base's; a file it names changed)"))
        #expect(diff.standardOutput.contains("+++ b/tools/orders.json (candidate)"), "\(diff.standardOutput)")
        #expect(diff.standardOutput.contains(#"+[{"name": "track_order""#))
        let report = try scratch.git("show", "exp/parcel:.promptexp/experiments/parcel/report.md")
        #expect(report.contains("The candidate prompt file is the base's; a file it names changed (below)."))
        #expect(report.contains("`tools/orders.json` (named by the prompt) diff base → candidate"), "\(report)")

        // The file changes after the run: promotion refuses until it runs again.
        try scratch.write("tools/orders.json", Self.tools(description: "Look up an order or a parcel"))
        try scratch.git("commit", "-qam", "tools again")
        let refused = try scratch.promptexp("exp", "promote", "parcel")
        #expect(refused.status != 0)
        #expect(
            refused.standardError.contains("the candidate's tools/orders.json changed since the last run"),
            "\(refused.standardError)")
    }
}
