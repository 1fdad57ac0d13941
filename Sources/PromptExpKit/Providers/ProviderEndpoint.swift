import Foundation

/// Where and how a provider is reached: its base URL, key, extra headers and the shared
/// transport. Posting through it checks the status and keeps the key out of everything
/// that comes back: answers and errors alike pass through a `SecretRedactor` first.
public struct ProviderEndpoint: Sendable {
    public let name: String
    /// Without a trailing slash.
    public let baseURL: String
    let apiKey: String?
    let extraHeaders: [String: String]
    let transport: HTTPTransport
    let redactor: SecretRedactor

    public init(
        name: String, baseURL: String, apiKey: String?, extraHeaders: [String: String] = [:], transport: HTTPTransport
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.extraHeaders = extraHeaders
        self.transport = transport
        redactor = SecretRedactor(secrets: [apiKey].compactMap { $0 })
    }

    /// POSTs JSON to `url` with the configured headers plus `headers`, and returns the
    /// body of a 2xx answer; any other status becomes a `ProviderError`.
    func post(_ url: String, headers: [(String, String)], body: JSONValue) async throws(ProviderError) -> Data {
        let all = extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + headers
        let response: HTTPTransport.Response
        do {
            response = try await transport.postJSON(url: url, headers: all, body: body)
        } catch {
            throw error.redacted(by: redactor)
        }
        let answer = redactor.redact(response.body)
        guard (200..<300).contains(response.status) else {
            throw HTTPTransport.failure(for: .init(status: response.status, headers: response.headers, body: answer))
        }
        return answer
    }
}
