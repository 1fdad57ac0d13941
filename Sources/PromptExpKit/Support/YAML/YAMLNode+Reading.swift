import Foundation

/// Typed reads that fail with the node's location and a message naming `what`.
extension YAMLNode {
    public var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    public subscript(key: String) -> YAMLNode? {
        entries?.first(where: { $0.key == key })?.value
    }

    /// True for `~`, `null` or an empty plain scalar.
    public var isNull: Bool {
        if case .scalar(let text, let quoted) = kind, !quoted {
            return ["", "~", "null", "Null", "NULL"].contains(text)
        }
        return false
    }

    public func fail(_ message: String) -> Problem {
        Problem(location: location, message: message)
    }

    public func mapping(_ what: String) throws(Problem) -> [Entry] {
        guard let entries else { throw fail("\(what) must be a mapping of keys to values") }
        return entries
    }

    public func string(_ what: String) throws(Problem) -> String {
        guard case .scalar(let text, _) = kind, !isNull else { throw fail("\(what) must be a string") }
        return text
    }

    /// A list of strings; a single string is a list of one.
    public func stringList(_ what: String) throws(Problem) -> [String] {
        switch kind {
        case .scalar:
            return isNull ? [] : [try string(what)]
        case .sequence(let items):
            var out: [String] = []
            for item in items { out.append(try item.string("each item of \(what)")) }
            return out
        case .mapping:
            throw fail("\(what) must be a list of strings")
        }
    }

    public func double(_ what: String) throws(Problem) -> Double {
        guard case .scalar(let text, let quoted) = kind, !quoted, let value = Double(text), value.isFinite else {
            throw fail("\(what) must be a number")
        }
        return value
    }

    public func int(_ what: String) throws(Problem) -> Int {
        guard case .scalar(let text, let quoted) = kind, !quoted, let value = Int(text) else {
            throw fail("\(what) must be a whole number")
        }
        return value
    }

    public func bool(_ what: String) throws(Problem) -> Bool {
        guard case .scalar(let text, let quoted) = kind, !quoted else { throw fail("\(what) must be true or false") }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw fail("\(what) must be true or false")
        }
    }

    /// The value as JSON, reading plain scalars by YAML 1.2's core schema:
    /// `true`/`false`, `null`/`~`, integers and decimals; everything else is a string.
    public var json: JSONValue {
        switch kind {
        case .scalar(let text, let quoted):
            if quoted { return .string(text) }
            if isNull { return .null }
            switch text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let value = Int(text) { return .int(value) }
            if Self.looksNumeric(text), let value = Double(text), value.isFinite { return .double(value) }
            return .string(text)
        case .sequence(let items):
            return .array(items.map(\.json))
        case .mapping(let entries):
            var object: [String: JSONValue] = [:]
            for entry in entries { object[entry.key] = entry.value.json }
            return .object(object)
        }
    }

    /// Accepts `1.5`, `-2e3`, `.5`; rejects `inf`, `nan`, hex and other forms `Double` would take.
    private static func looksNumeric(_ text: String) -> Bool {
        text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }
}
