/// A provider endpoint: which wire format it speaks, where, and which variable holds its key.
public struct ProviderConfig: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// OpenAI chat completions and every server that speaks it.
        case openai
        case anthropic
        case gemini
        /// The deterministic offline provider.
        case mock
    }

    public var name: String
    public var kind: Kind
    public var baseURL: String?
    /// The name of the environment variable holding the API key; never the key itself.
    public var apiKeyEnv: String?
    /// Extra request headers (not secrets: those belong in the environment).
    public var headers: [String: String]
    /// Azure OpenAI's `api-version` query parameter.
    public var apiVersion: String?
    /// The mock provider's latency per call, in seconds (`latency_ms` in the file).
    public var latency: Double?
    /// The mock provider's reported output tokens per call (`output_tokens`); by default
    /// the number of words it answers.
    public var mockOutputTokens: Int?

    public init(
        name: String, kind: Kind, baseURL: String? = nil, apiKeyEnv: String? = nil,
        headers: [String: String] = [:], apiVersion: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.headers = headers
        self.apiVersion = apiVersion
    }

    /// Whether batch mode submits this provider's calls through its batch API (OpenAI,
    /// Anthropic, Gemini); the others' are made directly. Must agree with `Provider.batchAPI`.
    public var offersBatchAPI: Bool {
        switch kind {
        case .openai: apiVersion == nil
        case .anthropic, .gemini: true
        case .mock: false
        }
    }

    /// The providers every project has without configuring them.
    public static let builtIn: [String: ProviderConfig] = [
        "openai": ProviderConfig(
            name: "openai", kind: .openai, baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY"),
        "anthropic": ProviderConfig(
            name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com/v1",
            apiKeyEnv: "ANTHROPIC_API_KEY"),
        "gemini": ProviderConfig(
            name: "gemini", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta",
            apiKeyEnv: "GEMINI_API_KEY"),
        "mock": ProviderConfig(name: "mock", kind: .mock),
    ]
}
