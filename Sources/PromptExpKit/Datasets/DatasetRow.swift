import Crypto
import Foundation

/// One line of a dataset: the template's inputs and what is known about the answer.
public struct DatasetRow: Hashable, Sendable {
    /// Stable id: given in the line, or derived from the inputs (see `derivedID`).
    public let id: String
    public let inputs: [String: JSONValue]
    /// The reference answer, when the dataset has one.
    public let expected: JSONValue?
    /// What production answered, when the row came from a request log.
    public let output: JSONValue?
    public let metadata: [String: JSONValue]
    /// 1-based line in the dataset file.
    public let line: Int

    public init(
        id: String? = nil, inputs: [String: JSONValue], expected: JSONValue? = nil, output: JSONValue? = nil,
        metadata: [String: JSONValue] = [:], line: Int = 0
    ) {
        self.id = id ?? Self.derivedID(for: inputs)
        self.inputs = inputs
        self.expected = expected
        self.output = output
        self.metadata = metadata
        self.line = line
    }

    /// Keys a line may hold beside its inputs.
    public static let reservedKeys: Set<String> = ["id", "inputs", "expected", "output", "metadata"]

    /// The first 12 hex digits of the SHA-256 of the inputs' canonical JSON: the same
    /// inputs give the same id wherever the line sits in the file.
    public static func derivedID(for inputs: [String: JSONValue]) -> String {
        let digest = SHA256.hash(data: Data(JSONValue.object(inputs).canonicalJSON.utf8))
        return Hex.encode(digest.prefix(6))
    }

    /// The row as one JSONL line with sorted keys.
    public var jsonLine: String {
        var object: [String: JSONValue] = ["id": .string(id), "inputs": .object(inputs)]
        if let expected { object["expected"] = expected }
        if let output { object["output"] = output }
        if !metadata.isEmpty { object["metadata"] = .object(metadata) }
        return JSONValue.object(object).canonicalJSON
    }
}
