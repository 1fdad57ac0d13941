public import Foundation

/// Why a JSON text did not parse, and where (1-based line and column within the text).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public let line: Int
    public let column: Int
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
    public var errorDescription: String? { description }
}

extension JSONParseError {
    /// The message for a bad JSONL line: bytes that are not UTF-8 are that, not bad JSON.
    public var describedForALine: String {
        message == Self.invalidUTF8 ? message : "invalid JSON: \(message)"
    }

    static let invalidUTF8 = "invalid UTF-8"
}
