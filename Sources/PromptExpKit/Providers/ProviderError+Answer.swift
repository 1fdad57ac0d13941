import Foundation

extension ProviderError {
    /// The error a 2xx body carries instead of an answer (`{"error": {...}}`, as some
    /// OpenAI-compatible servers, Anthropic's `type: error` and Gemini send), as the HTTP
    /// error it stands for, so it is retried or not like that status and keeps the
    /// provider's own message; nil when the body is not an error.
    static func carried(in value: JSONValue) -> ProviderError? {
        guard let error = value["error"], value["choices"] == nil, value["content"] == nil,
            value["candidates"] == nil
        else { return nil }
        let message =
            error["message"]?.stringValue ?? error.stringValue ?? value["message"]?.stringValue
            ?? "an error without a message"
        return .http(status: status(of: error), message: message, retryAfter: nil)
    }

    /// The HTTP status an error object names: its numeric `code`/`status`, else the one its
    /// type means (500 when it names none: the server failed).
    private static func status(of error: JSONValue) -> Int {
        for key in ["code", "status"] {
            if case .int(let code)? = error[key], (400..<600).contains(code) { return code }
            if let text = error[key]?.stringValue, let code = Int(text), (400..<600).contains(code) { return code }
        }
        let words = [error["type"], error["code"], error["status"]].compactMap { $0?.stringValue?.lowercased() }
        for word in words {
            switch word {
            case "rate_limit_error", "rate_limit_exceeded", "resource_exhausted", "insufficient_quota": return 429
            case "authentication_error", "invalid_api_key", "unauthenticated": return 401
            case "permission_error", "permission_denied": return 403
            case "not_found_error", "not_found", "model_not_found": return 404
            case "invalid_request_error", "invalid_argument", "bad_request": return 400
            case "overloaded_error", "unavailable", "service_unavailable": return 503
            case "timeout", "deadline_exceeded": return 504
            default: continue
            }
        }
        return 500
    }
}

extension TokenUsage {
    /// The most tokens one call can plausibly report; more is a malformed answer.
    static let plausibleLimit = 50_000_000

    /// Usage as a provider reported it, refused when negative or absurd: it would lower or
    /// blow up the spend that `--max-cost` is checked against.
    static func reported(input: Int, output: Int) throws(ProviderError) -> TokenUsage {
        guard input >= 0, output >= 0, input <= plausibleLimit, output <= plausibleLimit else {
            throw .malformedResponse("the usage reported is impossible (\(input) input, \(output) output tokens)")
        }
        return TokenUsage(inputTokens: input, outputTokens: output)
    }
}
