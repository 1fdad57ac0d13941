import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// A key echoed in an encoded form is redacted in the text that is stored, and a
/// placeholder key never blanks ordinary words.
@Suite struct SecretEncodingTests {
    /// Fake keys in real keys' shapes, joined from parts so no tracked line looks like a key.
    static let key = "sk-" + "fake-4fQ9x2Lm7Tz4Rb8Wc1Kd"
    let redactor = SecretRedactor(secrets: [Self.key])

    static func unicodeEscaped(_ text: String, uppercase: Bool = false) -> String {
        text.unicodeScalars.map { String(format: uppercase ? "\\u%04X" : "\\u%04x", $0.value) }.joined()
    }

    static func percentEncoded(_ text: String, uppercase: Bool = true) -> String {
        text.utf8.map { String(format: uppercase ? "%%%02X" : "%%%02x", $0) }.joined()
    }

    static var forms: [String] {
        let half = key.count / 2
        let first = String(key.prefix(half))
        let second = String(key.dropFirst(half))
        return [
            unicodeEscaped(key), unicodeEscaped(key, uppercase: true), percentEncoded(key),
            percentEncoded(key, uppercase: false),
            // Mixed: some characters raw, some \u-escaped, some percent-encoded, \x, HTML.
            first + unicodeEscaped(second), percentEncoded(first) + second,
            unicodeEscaped(String(key.prefix(4))) + percentEncoded(String(key.dropFirst(4).prefix(6)))
                + String(key.dropFirst(10)),
            key.utf8.map { String(format: "\\x%02x", $0) }.joined(),
            key.unicodeScalars.map { "&#\($0.value);" }.joined(),
            // Split across two JSON strings.
            #"{"a": "\#(first)", "b": "\#(second)"}"#,
        ]
    }

    @Test(arguments: forms)
    func anEncodedKeyIsRedactedInRawBytes(form: String) throws {
        let redacted = redactor.redact("before " + form + " after")
        #expect(redacted.contains("[redacted]"))
        #expect(redacted.hasPrefix("before ") && redacted.hasSuffix(" after"))
        // What a JSON parser or a URL decoder makes of the redacted text holds no run of the key.
        let decoded = Self.decodeEverything(redacted)
        #expect(!SecretRedactorTests.containsRun(of: Self.key, in: decoded), "\(decoded)")
    }

    /// A body that spells the key with JSON escapes, decoded by the provider's parser: the
    /// text that would be stored has no run of it.
    @Test func aKeyInAJSONEscapedErrorBodyNeverReachesTheStoredMessage() async throws {
        try await withFakeServer { server, transport in
            let escaped = Self.unicodeEscaped(Self.key)
            let percent = Self.percentEncoded(Self.key)
            server.script([
                .status(401, body: #"{"error": {"message": "bad key \#(escaped)"}}"#),
                .status(200, body: #"{"choices": [{"message": {"content": "key: \#(escaped) or \#(percent)"}}]}"#),
            ])
            let provider = OpenAIProvider(name: "o", baseURL: server.baseURL, apiKey: Self.key, transport: transport)
            let request = ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")], params: [:])
            do {
                _ = try await provider.complete(request)
                Issue.record("expected a failure")
            } catch let error as ProviderError {
                #expect(!SecretRedactorTests.containsRun(of: Self.key, in: error.description))
                #expect(error.description.contains("[redacted]"))
            }
            let answer = try await provider.complete(request)
            #expect(!SecretRedactorTests.containsRun(of: Self.key, in: Self.decodeEverything(answer.text)))
            #expect(answer.text.contains("[redacted]"))
        }
    }

    @Test(arguments: ["sk-no-key-required", "lm-studio", "ollama", "EMPTY", "dummy-key-for-local"])
    func aPlaceholderKeyBlanksOnlyItselfWhole(key: String) {
        #expect(!SecretRedactor.isSecretLike(key))
        let redactor = SecretRedactor(secrets: [key])
        #expect(redactor.placeholderKeys == [key])
        let prose = #"The field is required; {"required": ["studio", "key"], "note": "no key needed"}"#
        #expect(redactor.redact(prose) == prose)
        #expect(redactor.redact("echo: \(key).") == "echo: [redacted].")
    }

    @Test func realKeysAreSecretLike() {
        for key in [
            Self.key, "sk-" + "ant-fake03-AbC123dEf456GhI789", "AIza" + "FAKE4x9Q2m7T4bR8cW1kLp0",
            "gsk_" + "fake9f8e7d6c5b4a3f2e1d0c",
        ] {
            #expect(SecretRedactor.isSecretLike(key), "\(key)")
        }
    }

    /// Decodes `\uXXXX`, `\xXX`, `%XX` and `&#N;` the way a later reader might, repeatedly.
    static func decodeEverything(_ text: String) -> String {
        var out = text
        for _ in 0..<2 {
            if let data = "\"\(out.replacingOccurrences(of: "\"", with: "\\\""))\"".data(using: .utf8),
                let decoded = try? JSONDecoder().decode(String.self, from: data)
            {
                out = decoded
            }
            out = out.removingPercentEncoding ?? out
            out = out.replacingOccurrences(of: #"\\x([0-9a-fA-F]{2})"#, with: "%$1", options: .regularExpression)
            out = out.removingPercentEncoding ?? out
        }
        var html = ""
        var rest = Substring(out)
        while let start = rest.range(of: "&#") {
            html += rest[..<start.lowerBound]
            if let end = rest[start.upperBound...].firstIndex(of: ";"),
                let code = UInt32(rest[start.upperBound..<end]), let scalar = Unicode.Scalar(code)
            {
                html.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: end)...]
            } else {
                html += "&#"
                rest = rest[start.upperBound...]
            }
        }
        return (html + rest).replacingOccurrences(of: "\"", with: "")
    }
}
