import AsyncHTTPClient
public import PromptExpKit

/// Runs `body` with a fresh HTTP client and fake provider server, and shuts both down
/// whatever happens.
public func withFakeServer<T>(
    timeout: Double = 5, _ body: (FakeProviderServer, HTTPTransport) async throws -> T
) async throws -> T {
    let server = try await FakeProviderServer.start()
    let client = HTTPTransport.makeClient()
    do {
        let result = try await body(server, HTTPTransport(client: client, timeout: timeout))
        try await client.shutdown()
        try await server.stop()
        return result
    } catch {
        try? await client.shutdown()
        try? await server.stop()
        throw error
    }
}
