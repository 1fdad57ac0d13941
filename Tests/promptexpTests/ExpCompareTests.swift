import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import PromptExpView

/// `exp compare` of three experiments from the built binary, against the fake server: every
/// call reused from the branches, each pair's McNemar test and Holm adjustment as computed
/// by hand, the winner named, and comparisons of unlike experiments refused.
@Suite struct ExpCompareTests {
    /// Which rows (1–20) each prompt wording gets wrong: the base's "Answer:" rows 1–8, "A:"
    /// none, "B:" rows 1–4 and 9–12, "C:" rows 1–8 (as the base).
    static let wrong: [String: Set<Int>] = [
        "Answer": Set(1...8), "A": [], "B": Set(1...4).union(9...12), "C": Set(1...8),
    ]

    static func experiments(_ server: FakeProviderServer) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let rows = (1...20).map { #"{"id": "q\#($0)", "n": "\#($0)", "question": "what is \#($0)?"}"# }
        func prompt(_ word: String) -> String {
            "---\ntags: [production]\nmodel: fake-model\ntests:\n  dataset: numbers\n  evaluators: [says-number]\n---\nuser:\n\(word): {{question}}\n"
        }
        try scratch.commit(
            [
                "prompts/math.prompt": prompt("Answer"),
                "datasets/numbers.jsonl": rows.joined(separator: "\n") + "\n",
                ".gitignore": ".promptexp/cache/\n",
                ".promptexp/config.yaml": """
                providers:
                  fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
                models:
                  fake-model: {provider: fake}
                evaluators:
                  says-number: {kind: icontains, value: "{{n}}"}

                """,
            ], message: "math prompt")
        server.answer { request in
            let text = FakeProviderServer.lastUserText(in: request) ?? ""
            let word = String(text.prefix { $0 != ":" })
            let number = Int(text.filter(\.isNumber)) ?? 0
            return Self.wrong[word]?.contains(number) == true ? "no idea" : "it is \(number)"
        }
        for name in ["a", "b", "c"] {
            try scratch.git("checkout", "-q", "main")
            #expect(try scratch.promptexp(["exp", "new", name, "--prompt", "math"]).status == 0)
            try scratch.write("prompts/math.prompt", prompt(name.uppercased()))
            let run = try scratch.promptexp(["exp", "run", "--quiet"], timeout: 120)
            #expect(run.status == 0, "\(run.standardError)")
        }
        try scratch.git("checkout", "-q", "main")
        return scratch
    }

    @Test func threeExperimentsAreComparedPairwiseWithHolmAndTheWinnerIsNamed() async throws {
        try await withFakeServer { server, _ in
            try Self.threeExperimentsAreComparedPairwiseWithHolmAndTheWinnerIsNamedBody(server)
        }
    }

    /// The page's comparison: N columns from what the branches committed, with the token
    /// only, and a 409 naming the command when calls would have to be sent.
    @Test func theViewComparesFromWhatIsCommittedAndNeverSends() async throws {
        try await withFakeServer { server, _ in
            let scratch = try Self.experiments(server)
            let sent = server.requestCount
            let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
            try await app.test(.router) { client in
                let report = try await sendWithToken(client, .get, "/api/compare?experiments=a,b,c")
                #expect(report?["variants"] == ["base", "a", "b", "c"])
                #expect(report?["winner"] == "a")
                // The answers side by side on the rows where they differ: q1–q12, where one
                // variant or more answers "no idea" (q13–q20 are answered alike).
                let rows = report?["rows"]?.arrayValue ?? []
                #expect(report?["differing_rows"]?.intValue == 12 && rows.count == 12)
                #expect(rows.first?["variants"]?["base"]?["output"] == "no idea")
                #expect(rows.first?["variants"]?["a"]?["pass"] == true)
                #expect(rows.allSatisfy { $0["variants"]?.objectValue?.keys.sorted() == ["a", "b", "base", "c"] })
                try await client.execute(uri: "/api/compare?experiments=a,b", method: .get) {
                    #expect($0.status == .unauthorized)
                }
                // d's candidate is committed but was never run: its calls are nowhere.
                try scratch.git("checkout", "-q", "main")
                #expect(try scratch.promptexp(["exp", "new", "d", "--prompt", "math"]).status == 0)
                try scratch.write(
                    "prompts/math.prompt",
                    try scratch.read("prompts/math.prompt").replacingOccurrences(of: "Answer:", with: "D:"))
                try scratch.git("commit", "-qam", "d's wording")
                try scratch.git("checkout", "-q", "main")
                let refused = try await sendWithToken(client, .get, "/api/compare?experiments=a,d")
                #expect(
                    refused?["error"]?.stringValue?.contains("20 calls of this comparison are not committed") == true)
                #expect(refused?["error"]?.stringValue?.contains("run promptexp exp compare a d") == true)
            }
            #expect(server.requestCount == sent)
        }
    }

    @Test(.enabled(if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
    func thePageShowsOneColumnPerVariant() async throws {
        try await withFakeServer { server, _ in try Self.thePageShowsOneColumnPerVariantBody(server) }
    }

    @Test func unlikeExperimentsAreRefusedNamingTheDifference() async throws {
        try await withFakeServer { server, _ in try Self.unlikeExperimentsAreRefusedNamingTheDifferenceBody(server) }
    }

    /// The body of `threeExperimentsAreComparedPairwiseWithHolmAndTheWinnerIsNamed`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func threeExperimentsAreComparedPairwiseWithHolmAndTheWinnerIsNamedBody(_ server: FakeProviderServer) throws
    {
        let scratch = try Self.experiments(server)
        let sent = server.requestCount
        let compare = try scratch.promptexp(["exp", "compare", "a", "b", "c", "--format", "json"], timeout: 120)
        #expect(compare.status == 0, "\(compare.standardError)")
        // Every call was committed on one of the branches.
        #expect(server.requestCount == sent)
        let report = try JSONValue.parse(Data(compare.standardOutput.utf8))
        #expect(report["variants"] == ["base", "a", "b", "c"])
        #expect(report["winner"] == "a")
        let pairs = try #require(report["pairs"]?.arrayValue)
        #expect(pairs.count == 6)
        func pair(_ first: String, _ second: String) -> JSONValue? {
            pairs.first { $0["first"] == .string(first) && $0["second"] == .string(second) }
        }
        // By hand: base vs a, a vs b and a vs c are 8 rows to 0, McNemar p = 2 · ½⁸ =
        // 0.0078125; the other three are 4 to 4 or 0 to 0, p = 1. Holm over 6: the
        // smallest three get 6·p = 0.046875, then max(0.046875, 5·p), max(…, 4·p):
        // 0.046875 each (< 0.05); the rest 1.
        for (first, second, only) in [("base", "a", (0, 8)), ("a", "b", (8, 0)), ("a", "c", (8, 0))] {
            let found = try #require(pair(first, second))
            #expect(found["first_only"] == .int(only.0))
            #expect(found["second_only"] == .int(only.1))
            #expect(abs((found["p_value"]?.doubleValue ?? 0) - 0.0078125) < 1e-12)
            #expect(abs((found["holm_p"]?.doubleValue ?? 0) - 0.046875) < 1e-12)
            #expect(found["better"] == "a")
        }
        for (first, second) in [("base", "b"), ("base", "c"), ("b", "c")] {
            let found = try #require(pair(first, second))
            #expect(found["holm_p"]?.doubleValue == 1)
            #expect(found["better"] == .null)
        }
        #expect(pair("base", "b")?["first_only"] == 4)
        #expect(pair("base", "b")?["second_only"] == 4)

        let markdown = try scratch.promptexp(["exp", "compare", "a", "b", "c", "--format", "markdown"])
        #expect(markdown.standardOutput.contains("| model | base | a | b | c |"))
        #expect(markdown.standardOutput.contains("**winner: a — significantly better than every other variant"))
        let html = try scratch.promptexp(["exp", "compare", "a", "b", "c", "--format", "html", "--out", "c.html"])
        #expect(html.status == 0)
        #expect(try scratch.read("c.html").contains("<th>base</th><th>a</th><th>b</th><th>c</th>"))
        #expect(html.standardOutput.contains("winner: a"))

        // Without a, nobody beats everyone.
        let two = try scratch.promptexp(["exp", "compare", "b", "c"])
        #expect(two.standardOutput.contains("no winner"))
        #expect(server.requestCount == sent)
    }

    /// The body of `thePageShowsOneColumnPerVariant`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func thePageShowsOneColumnPerVariantBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiments(server)
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--virtual-time-budget=5000", "--dump-dom", view.url + "#/compare/a,b,c",
        ]
        let page = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/chromium"), flags, in: scratch.root, timeout: 120
        ).standardOutput
        #expect(page.contains("<th>model</th><th>base</th><th>a</th><th>b</th><th>c</th>"), "\(page)")
        #expect(page.contains("Winner: a, significantly better than every other variant on every model"))
        #expect(page.contains("<td class=\"winner\">100.0% pass · mean 1.000</td>"))
        #expect(page.contains("Rows where the variants answer differently: "))
        #expect(page.contains("<tr class=\"variant-row\">"))
    }

    /// The body of `unlikeExperimentsAreRefusedNamingTheDifference`, out of the async closure (see `SequentialRunTests`'s note on
    /// the release optimizer).
    static func unlikeExperimentsAreRefusedNamingTheDifferenceBody(_ server: FakeProviderServer) throws {
        let scratch = try Self.experiments(server)
        #expect(try scratch.promptexp(["exp", "compare", "a"]).status == 64)
        let twice = try scratch.promptexp(["exp", "compare", "a", "a"])
        #expect(twice.standardError.contains("cannot compare: 'a' is named twice"))
        // d starts from another base version: a's candidate, once promoted.
        #expect(try scratch.promptexp(["exp", "promote", "a"]).status == 0)
        #expect(try scratch.promptexp(["exp", "new", "d", "--prompt", "math"]).status == 0)
        let unlike = try scratch.promptexp(["exp", "compare", "a", "d"])
        #expect(unlike.status == 1)
        #expect(unlike.standardError.contains("cannot compare: a and d differ in base version"))
    }
}
