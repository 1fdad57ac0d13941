import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct SecretRedactorTests {
    static let key = "canary-9Xq2/Lm7+Tz4=Rb8Wc1"
    let redactor = SecretRedactor(secrets: [Self.key])

    @Test(arguments: [
        // The whole key, its prefix and suffix (all but four characters), a middle run.
        key, String(key.dropLast(4)), String(key.dropFirst(4)), String(key.dropFirst(5).prefix(9)),
        // Inside JSON, JSON-escaped, and URL-encoded.
        #"{"key":"\#(key)"}"#, key.replacingOccurrences(of: "/", with: "\\/"),
        key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "",
    ])
    func everyFormOfTheKeyIsRedacted(form: String) {
        let text = "before " + form + " after"
        let redacted = redactor.redact(text)
        #expect(redacted.contains("[redacted]"))
        #expect(redacted.hasPrefix("before ") && redacted.hasSuffix(" after"))
        #expect(!Self.containsRun(of: Self.key, in: redacted))
    }

    @Test func shortRunsAndOtherTextStay() {
        #expect(redactor.redact("canary- is a word; 9Xq2 too") == "canary- is a word; 9Xq2 too")
        #expect(redactor.redact(Data("plain".utf8)) == Data("plain".utf8))
        #expect(SecretRedactor(secrets: []).redact("anything at all") == "anything at all")
    }

    /// True when `text` holds 8 or more consecutive characters of `secret`.
    static func containsRun(of secret: String, in text: String) -> Bool {
        let characters = Array(secret)
        for start in 0...(characters.count - 8) where text.contains(String(characters[start..<(start + 8)])) {
            return true
        }
        return false
    }
}

/// A server that echoes the key inside successful answers: nothing of it reaches the results,
/// the cache or the commit.
@Suite struct EchoedKeyTests {
    @Test func aKeyEchoedInAnAnswerNeverReachesResultsCacheOrCommit() async throws {
        try await withFakeServer { server, _ in
            let key = "canary-echo-5c1e7a9b3d2f4068"
            let scratch = try ScratchRepository()
            try scratch.commit(
                [
                    "prompts/p.prompt": "---\ntags: [production]\n---\nuser:\n{{q}}\n",
                    "datasets/d.jsonl": (1...4).map { #"{"id": "r\#($0)", "q": "question \#($0)"}"# }.joined(
                        separator: "\n") + "\n",
                    ".promptexp/config.yaml":
                        "providers:\n  fake: {kind: openai, base_url: \"\(server.baseURL)/v1\", api_key_env: FAKE_KEY}\nmodels:\n  m: {provider: fake}\n",
                ], message: "setup")
            let forms = [
                key, String(key.dropLast(4)), String(key.dropFirst(4)), "{\\\"k\\\": \\\"\(key)\\\"}",
                key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key,
            ]
            server.answer { request in
                let index = Int(FakeProviderServer.lastUserText(in: request)?.last?.wholeNumberValue ?? 1)
                return "your key is " + forms[index % forms.count]
            }
            let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url, extra: ["FAKE_KEY": key])
            let run = try ProcessRunner.run(
                PackagePaths.binary, ["run", "p", "--dataset", "d", "--model", "m", "--quiet"], in: scratch.root,
                environment: environment)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(server.requestCount == 4)
            let results = try scratch.read(".promptexp/runs/p.results.jsonl")
            #expect(results.contains("[redacted]"))
            var written = results + run.standardOutput + run.standardError
            let cache = scratch.root.appendingPathComponent(".promptexp/cache")
            for case let url as URL in FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)
                ?? .init()
            {
                written += (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            }
            #expect(!SecretRedactorTests.containsRun(of: key, in: written))
        }
    }
}
