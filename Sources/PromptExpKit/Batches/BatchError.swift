/// Why batch mode cannot go on.
public enum BatchError: PromptExpError {
    case unreadableLedger(path: String, reason: String)
    case submitFailed(provider: String, model: String, reason: String)
    case statusFailed(id: String, reason: String)
    case downloadFailed(id: String, reason: String)
    case noBatchProvider(models: [String])
    case overBudget(most: Double, limit: Double)

    public var description: String {
        switch self {
        case .unreadableLedger(let path, let reason): "\(path): not a batch ledger: \(reason)"
        case .submitFailed(let provider, let model, let reason):
            "could not submit a batch to \(provider) for \(model): \(reason); nothing of it was sent, run again to retry"
        case .statusFailed(let id, let reason):
            "could not ask about batch \(id): \(reason); run again to ask again (the batch goes on at the provider)"
        case .downloadFailed(let id, let reason):
            "could not download the answers of batch \(id): \(reason); run again to retry (they stay at the provider for weeks)"
        case .overBudget(let most, let limit):
            "the batches to submit could cost up to \(NumberText.money(most)) (each call at its max_tokens, at the batch price), over --max-cost \(NumberText.moneyLimit(limit)): nothing submitted; raise the limit, or --sample fewer rows"
        case .noBatchProvider(let models):
            "--batch: none of \(models.joined(separator: ", ")) is served by a provider with a batch API (OpenAI, Anthropic, Gemini); run without --batch"
        }
    }
}
