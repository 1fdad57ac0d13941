/// promptfoo provider ids as promptexp model references: `openai:gpt-4o-mini` and
/// `openai:chat:gpt-4o-mini` are `openai/gpt-4o-mini`; `anthropic:messages:claude-…` is
/// `anthropic/claude-…`. The provider name must then be one in `.promptexp/config.yaml`
/// (the import says when it is not).
enum PromptfooProvider {
    /// Provider prefixes and the promptexp provider they name; the API kind after the
    /// prefix (`chat`, `messages`, `responses`) is dropped.
    static let providers: [String: String] = [
        "openai": "openai", "azure": "azure", "azureopenai": "azure", "anthropic": "anthropic", "ollama": "ollama",
        "google": "gemini", "vertex": "gemini", "gemini": "gemini", "mistral": "mistral", "groq": "groq",
        "openrouter": "openrouter", "deepseek": "deepseek", "echo": "mock",
    ]
    static let apiKinds: Set<String> = ["chat", "completion", "messages", "responses", "assistant"]

    /// The model reference, or nil when the id is not a model of a known provider
    /// (`file://provider.py`, `exec:`, `http…`, `python:`).
    static func model(for id: String) -> String? {
        var parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let provider = providers[parts[0]] else { return nil }
        parts.removeFirst()
        if parts.count >= 2, apiKinds.contains(parts[0]) { parts.removeFirst() }
        let model = parts.joined(separator: ":")
        guard !model.isEmpty else { return nil }
        return "\(provider)/\(model)"
    }
}
