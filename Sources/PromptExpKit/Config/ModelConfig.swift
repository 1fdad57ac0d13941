/// A model as the project names it: which provider serves it, under what id, at what price.
public struct ModelConfig: Hashable, Sendable {
    /// The name used in prompts and on the command line.
    public var name: String
    public var provider: String
    /// The provider's own model id (defaults to `name`).
    public var model: String
    public var price: ModelPrice?
    /// Request parameters this model always gets (a prompt's `params` override them).
    public var params: [String: JSONValue]

    public init(
        name: String, provider: String, model: String? = nil, price: ModelPrice? = nil,
        params: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.provider = provider
        self.model = model ?? name
        self.price = price
        self.params = params
    }
}

/// US dollars per million tokens.
public struct ModelPrice: Hashable, Sendable, Codable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double
    /// The price through the provider's batch API, when the config says; else half.
    public var batchInputPerMillion: Double?
    public var batchOutputPerMillion: Double?

    public init(
        inputPerMillion: Double, outputPerMillion: Double, batchInputPerMillion: Double? = nil,
        batchOutputPerMillion: Double? = nil
    ) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
        self.batchInputPerMillion = batchInputPerMillion
        self.batchOutputPerMillion = batchOutputPerMillion
    }

    /// The cost of one call in dollars.
    public func cost(inputTokens: Int, outputTokens: Int) -> Double {
        (Double(inputTokens) * inputPerMillion + Double(outputTokens) * outputPerMillion) / 1_000_000
    }

    /// What a call costs through the batch API: the configured batch prices, else 50% of
    /// list, which OpenAI, Anthropic and Google all charge.
    public var batch: ModelPrice {
        ModelPrice(
            inputPerMillion: batchInputPerMillion ?? inputPerMillion / 2,
            outputPerMillion: batchOutputPerMillion ?? outputPerMillion / 2)
    }
}
