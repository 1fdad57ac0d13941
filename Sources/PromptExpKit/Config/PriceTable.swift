/// Published list prices of common models, in dollars per million tokens (standard tier,
/// no batch or cache discounts). The config's `models:` entries override these.
public enum PriceTable {
    /// When these prices were read off the providers' pricing pages.
    public static let asOf = "2025-11-01"

    /// Keyed by `provider/model`.
    public static let prices: [String: ModelPrice] = {
        var table: [String: ModelPrice] = [:]
        func add(_ provider: String, _ model: String, _ input: Double, _ output: Double) {
            table["\(provider)/\(model)"] = ModelPrice(inputPerMillion: input, outputPerMillion: output)
        }
        add("openai", "gpt-5", 1.25, 10.00)
        add("openai", "gpt-5-mini", 0.25, 2.00)
        add("openai", "gpt-5-nano", 0.05, 0.40)
        add("openai", "gpt-4.1", 2.00, 8.00)
        add("openai", "gpt-4.1-mini", 0.40, 1.60)
        add("openai", "gpt-4.1-nano", 0.10, 0.40)
        add("openai", "gpt-4o", 2.50, 10.00)
        add("openai", "gpt-4o-mini", 0.15, 0.60)
        add("openai", "o3", 2.00, 8.00)
        add("openai", "o4-mini", 1.10, 4.40)
        add("openai", "o3-mini", 1.10, 4.40)
        add("openai", "gpt-3.5-turbo", 0.50, 1.50)
        add("anthropic", "claude-opus-4-1", 15.00, 75.00)
        add("anthropic", "claude-opus-4-0", 15.00, 75.00)
        add("anthropic", "claude-sonnet-4-5", 3.00, 15.00)
        add("anthropic", "claude-sonnet-4-0", 3.00, 15.00)
        add("anthropic", "claude-3-7-sonnet-latest", 3.00, 15.00)
        add("anthropic", "claude-haiku-4-5", 1.00, 5.00)
        add("anthropic", "claude-3-5-haiku-latest", 0.80, 4.00)
        add("anthropic", "claude-3-haiku-20240307", 0.25, 1.25)
        add("gemini", "gemini-2.5-pro", 1.25, 10.00)
        add("gemini", "gemini-2.5-flash", 0.30, 2.50)
        add("gemini", "gemini-2.5-flash-lite", 0.10, 0.40)
        add("gemini", "gemini-2.0-flash", 0.10, 0.40)
        add("gemini", "gemini-2.0-flash-lite", 0.075, 0.30)
        add("mock", "echo", 0, 0)
        return table
    }()

    /// The list price of `model` at `provider`, a provider kind (`openai`, `anthropic`,
    /// `gemini`, `mock`): the table follows the model id the provider is sent, whatever a
    /// config names the provider or the model. Dated snapshots (`gpt-4o-2024-08-06`,
    /// `claude-sonnet-4-5-20250929`) fall back to the undated name they extend.
    public static func price(provider: String, model: String) -> ModelPrice? {
        if provider == "mock" { return ModelPrice(inputPerMillion: 0, outputPerMillion: 0) }
        if let exact = prices["\(provider)/\(model)"] { return exact }
        let candidates = prices.keys
            .filter { $0.hasPrefix("\(provider)/") }
            .map { String($0.dropFirst(provider.count + 1)) }
            .filter { model.hasPrefix($0 + "-") && isDateSuffix(model.dropFirst($0.count + 1)) }
        guard let longest = candidates.max(by: { $0.count < $1.count }) else { return nil }
        return prices["\(provider)/\(longest)"]
    }

    private static func isDateSuffix(_ suffix: Substring) -> Bool {
        let digits = suffix.filter(\.isNumber)
        return (digits.count == 8 || digits.count == 6) && suffix.allSatisfy { $0.isNumber || $0 == "-" }
    }
}
