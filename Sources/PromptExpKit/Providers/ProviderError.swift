public import Foundation

/// Why a provider call failed; `isRetryable` decides whether the runner tries again.
public enum ProviderError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The server answered with an error status. `retryAfter` is the delay it asked for, in seconds.
    case http(status: Int, message: String, retryAfter: Double?)
    /// The connection failed or was dropped before a full answer arrived.
    case transport(String)
    /// No connection could be made at all (refused, no such host): retried quickly a few
    /// times, since waiting longer rarely brings a server back.
    case unreachable(String)
    /// No answer within the deadline.
    case timeout(seconds: Double)
    /// The answer was not in the provider's documented shape.
    case malformedResponse(String)
    /// The environment variable that should hold the key is not set.
    case missingKey(provider: String, variable: String)
    /// The request cannot be sent as it is (a parameter the provider does not take, say).
    case invalidRequest(String)
    /// The provider's batch API reported this request failed (errored, expired, cancelled).
    case batch(id: String, message: String)

    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): status == 408 || status == 409 || status == 429 || status >= 500
        case .transport, .timeout, .unreachable: true
        case .malformedResponse, .missingKey, .invalidRequest, .batch: false
        }
    }

    public var retryAfter: Double? {
        if case .http(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let message, _): "HTTP \(status): \(message)"
        case .transport(let message): "connection failed: \(message)"
        case .unreachable(let message): "cannot connect: \(message)"
        case .timeout(let seconds): "no answer within \(Self.format(seconds)) s"
        case .malformedResponse(let message): "unexpected response: \(message)"
        case .missingKey(let provider, let variable): "provider '\(provider)' needs an API key: set \(variable)"
        case .invalidRequest(let message): "invalid request: \(message)"
        case .batch(let id, let message): "batch \(id): \(message)"
        }
    }

    public var errorDescription: String? { description }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

extension ProviderError {
    /// The same error with every run of a secret blanked out of its text.
    func redacted(by redactor: SecretRedactor) -> ProviderError {
        switch self {
        case .http(let status, let message, let retryAfter):
            .http(status: status, message: redactor.redact(message), retryAfter: retryAfter)
        case .transport(let message): .transport(redactor.redact(message))
        case .unreachable(let message): .unreachable(redactor.redact(message))
        case .malformedResponse(let message): .malformedResponse(redactor.redact(message))
        case .invalidRequest(let message): .invalidRequest(redactor.redact(message))
        case .batch(let id, let message): .batch(id: id, message: redactor.redact(message))
        case .timeout, .missingKey: self
        }
    }
}
