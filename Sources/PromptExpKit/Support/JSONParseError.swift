import Foundation

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
