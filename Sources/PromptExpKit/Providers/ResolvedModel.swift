/// A model as a run uses it: the provider that serves it, the provider's model id, its
/// price (nil when unknown) and the parameters the config gives it.
public struct ResolvedModel: Hashable, Sendable {
    /// The name people see in results and reports: a configured name or `provider/model`.
    public let name: String
    public let provider: ProviderConfig
    public let modelID: String
    public let price: ModelPrice?
    public let params: [String: JSONValue]

    public init(
        name: String, provider: ProviderConfig, modelID: String, price: ModelPrice?, params: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.provider = provider
        self.modelID = modelID
        self.price = price
        self.params = params
    }
}

extension ProjectConfig {
    /// Resolves a model reference: a name under `models:`, `provider/model`, or a model
    /// of the built-in price table that exactly one provider offers.
    public func resolveModel(_ reference: String) throws(ProviderSetupError) -> ResolvedModel {
        if let model = models[reference] {
            guard let provider = providers[model.provider] else {
                throw .unknownProvider(model.provider, known: providers.keys.sorted())
            }
            return ResolvedModel(
                name: reference, provider: provider, modelID: model.model,
                price: model.price ?? PriceTable.price(provider: provider.kind.rawValue, model: model.model),
                params: model.params)
        }
        if let slash = reference.firstIndex(of: "/") {
            let providerName = String(reference[..<slash])
            let modelID = String(reference[reference.index(after: slash)...])
            guard let provider = providers[providerName] else {
                throw .unknownProvider(providerName, known: providers.keys.sorted())
            }
            guard !modelID.isEmpty else { throw .unknownModel(reference, suggestions: []) }
            return ResolvedModel(
                name: reference, provider: provider, modelID: modelID,
                price: price(provider: providerName, model: modelID)
                    ?? PriceTable.price(provider: provider.kind.rawValue, model: modelID))
        }
        let offering = PriceTable.prices.keys.filter { $0.hasSuffix("/\(reference)") }
        if offering.count == 1, let key = offering.first, let provider = providers[String(key.prefix { $0 != "/" })] {
            return ResolvedModel(
                name: reference, provider: provider, modelID: reference,
                price: price(provider: provider.name, model: reference))
        }
        let known = models.keys.sorted() + PriceTable.prices.keys.sorted()
        throw .unknownModel(reference, suggestions: NameSuggester.suggestions(for: reference, among: known))
    }
}
