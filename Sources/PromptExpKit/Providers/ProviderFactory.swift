import AsyncHTTPClient

/// Builds providers for a run from the config, the environment and one shared HTTP client.
public struct ProviderFactory: Sendable {
    public let transport: HTTPTransport
    /// Where keys come from: the process environment in the CLI, a dictionary in tests.
    public let environment: [String: String]
    /// The mock provider's per-call latency in seconds.
    public let mockLatency: Double

    public init(transport: HTTPTransport, environment: [String: String], mockLatency: Double = 0) {
        self.transport = transport
        self.environment = environment
        self.mockLatency = mockLatency
    }

    /// The provider for `config`; throws when its key variable is named but not set.
    public func provider(for config: ProviderConfig) throws(ProviderSetupError) -> any Provider {
        var key: String?
        if let variable = config.apiKeyEnv {
            key = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            if key == nil, config.kind != .mock { throw .missingKey(provider: config.name, variable: variable) }
        }
        let base = config.baseURL ?? ProviderConfig.builtIn[config.kind.rawValue]?.baseURL ?? ""
        switch config.kind {
        case .openai:
            return OpenAIProvider(
                name: config.name, baseURL: base, apiKey: key, extraHeaders: config.headers,
                apiVersion: config.apiVersion,
                transport: transport)
        case .anthropic:
            return AnthropicProvider(
                name: config.name, baseURL: base, apiKey: key, extraHeaders: config.headers, transport: transport)
        case .gemini:
            return GeminiProvider(
                name: config.name, baseURL: base, apiKey: key, extraHeaders: config.headers, transport: transport)
        case .mock:
            return MockProvider(
                name: config.name, latency: config.latency ?? mockLatency, outputTokens: config.mockOutputTokens)
        }
    }
}
