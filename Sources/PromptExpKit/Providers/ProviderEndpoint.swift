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
        try await send(
            "POST", url, headers: headers, body: Data(body.canonicalJSON.utf8), contentType: "application/json")
    }

    /// Sends one request with the configured headers plus `headers`; the body of a 2xx
    /// answer comes back redacted, any other status becomes a `ProviderError`.
    func send(
        _ method: String, _ url: String, headers: [(String, String)], body: Data? = nil, contentType: String? = nil,
        timeout: Double? = nil, maxBytes: Int? = nil
    ) async throws(ProviderError) -> Data {
        let response: HTTPTransport.Response
        do {
            response = try await transport.send(
                method: method, url: url, headers: allHeaders(headers), body: body, contentType: contentType,
                timeout: timeout, maxBytes: maxBytes)
        } catch {
            throw error.redacted(by: redactor)
        }
        return try checked(response)
    }

    /// GETs `url` into the file at `destination`, streamed. The file is the provider's
    /// own answer (a batch's results), redacted answer by answer as it is read
    /// (`BatchAnswer.redacted`), not here.
    func download(_ url: String, headers: [(String, String)], to destination: URL, timeout: Double)
        async throws(ProviderError)
    {
        let response: HTTPTransport.Response
        do {
            response = try await transport.download(
                url: url, headers: allHeaders(headers), to: destination, timeout: timeout)
        } catch {
            throw error.redacted(by: redactor)
        }
        _ = try checked(response)
    }

    /// Blanks any key the server echoed, and turns a non-2xx status into its error.
    func checked(_ response: HTTPTransport.Response) throws(ProviderError) -> Data {
        let answer = redactor.redact(response.body)
        guard (200..<300).contains(response.status) else {
            throw HTTPTransport.failure(for: .init(status: response.status, headers: response.headers, body: answer))
        }
        return answer
    }

    private func allHeaders(_ headers: [(String, String)]) -> [(String, String)] {
        extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + headers
    }

    /// Blanks every run of the key in `text` (an answer line read back from a file).
    func redact(_ text: String) -> String { redactor.redact(text) }

    /// A 2xx body read into an answer by `parse`, with the key blanked again from the text
    /// as it will be stored (after JSON decoding), and from any error it raises.
    func answer(_ body: Data, _ parse: (Data) throws(ProviderError) -> ChatResponse) throws(ProviderError)
        -> ChatResponse
    {
        do {
            var response = try parse(body)
            response.text = redactor.redact(response.text)
            return response
        } catch {
            throw error.redacted(by: redactor)
        }
    }
}
