import Crypto
import Foundation

/// One call of a run: a row, a prompt variant, a model and a repeat, with the request.
public struct PlannedCall: Sendable {
    /// Position in the run's fixed order: dataset order, then variant, model, repeat.
    public let index: Int
    public let rowID: String
    public let variant: String
    public let model: ResolvedModel
    public let repeatIndex: Int
    public let promptBlob: ObjectID
    public let request: ChatRequest
    /// SHA-256 of the canonical request: the cache key and the results' join key.
    public let requestHash: String
    /// The dataset row it answers, carried to the scorer so the dataset is not read again.
    public let row: DatasetRow?

    public init(
        index: Int, rowID: String, variant: String, model: ResolvedModel, repeatIndex: Int, promptBlob: ObjectID,
        request: ChatRequest, row: DatasetRow? = nil
    ) {
        self.row = row
        self.index = index
        self.rowID = rowID
        self.variant = variant
        self.model = model
        self.repeatIndex = repeatIndex
        self.promptBlob = promptBlob
        self.request = request
        self.requestHash = Self.hash(provider: model.provider.name, request: request, repeatIndex: repeatIndex)
    }

    /// The hash of provider, model, parameters, messages and repeat index, over canonical
    /// JSON: the same request always hashes the same, and repeats stay independent.
    public static func hash(provider: String, request: ChatRequest, repeatIndex: Int) -> String {
        let canonical = JSONValue.object([
            "provider": .string(provider),
            "model": .string(request.model),
            "params": .object(request.params),
            "messages": .array(request.messages.map(\.json)),
            "repeat": .int(repeatIndex),
        ]).canonicalJSON
        return Hex.encode(SHA256.hash(data: Data(canonical.utf8)))
    }
}
