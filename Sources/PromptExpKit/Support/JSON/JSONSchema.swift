import Foundation

/// A JSON Schema of the common keywords (type, properties, required, enum, const, items,
/// minimum/maximum and their exclusive forms, minLength/maxLength, pattern,
/// minItems/maxItems, additionalProperties), checked when it is read: an unknown keyword
/// or a wrong-typed one is an error naming where in the schema it is, never ignored.
public indirect enum JSONSchema: Sendable {
    case any
    case nothing
    case rules(Rules)

    public struct Rules: Sendable {
        var types: [String]?
        var properties: [(String, JSONSchema)] = []
        var required: [String] = []
        var enumeration: [JSONValue]?
        var constant: JSONValue?
        var items: JSONSchema?
        var minimum: Double?
        var maximum: Double?
        var exclusiveMinimum: Double?
        var exclusiveMaximum: Double?
        var minLength: Int?
        var maxLength: Int?
        var minItems: Int?
        var maxItems: Int?
        var pattern: NSRegularExpression?
        var additionalProperties: JSONSchema?
    }

    /// A schema that does not hold together: where in it (a JSON pointer), and why.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let pointer: String
        public let message: String
        public var description: String { "at \(pointer.isEmpty ? "#" : "#\(pointer)"): \(message)" }
    }

    static let types: Set<String> = ["string", "number", "integer", "boolean", "object", "array", "null"]
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "default", "examples", "$comment"]

    public init(_ value: JSONValue, pointer: String = "") throws(Problem) {
        switch value {
        case .bool(let allowed):
            self = allowed ? .any : .nothing
            return
        case .object(let object):
            self = .rules(try Self.rules(object, pointer: pointer))
        default:
            throw Problem(pointer: pointer, message: "a schema must be an object or a boolean, found \(value.typeName)")
        }
    }

    private static func rules(_ object: [String: JSONValue], pointer: String) throws(Problem) -> Rules {
        var rules = Rules()
        func fail(_ key: String, _ message: String) -> Problem {
            Problem(pointer: "\(pointer)/\(key)", message: message)
        }
        func number(_ key: String, _ value: JSONValue) throws(Problem) -> Double {
            guard let number = value.doubleValue else { throw fail(key, "\(key) must be a number") }
            return number
        }
        func count(_ key: String, _ value: JSONValue) throws(Problem) -> Int {
            guard case .int(let count) = value, count >= 0 else {
                throw fail(key, "\(key) must be a whole number, 0 or more")
            }
            return count
        }
        for key in object.keys.sorted() {
            guard let value = object[key] else { continue }
            switch key {
            case "type":
                let names: [String]
                switch value {
                case .string(let name): names = [name]
                case .array(let items):
                    names = items.compactMap(\.stringValue)
                    guard names.count == items.count else {
                        throw fail(key, "type must be a string or a list of strings")
                    }
                default: throw fail(key, "type must be a string or a list of strings")
                }
                if let unknown = names.first(where: { !types.contains($0) }) {
                    throw fail(key, "unknown type '\(unknown)'; use \(types.sorted().joined(separator: ", "))")
                }
                rules.types = names
            case "properties":
                guard let properties = value.objectValue else { throw fail(key, "properties must be an object") }
                for name in properties.keys.sorted() {
                    rules.properties.append(
                        (name, try JSONSchema(properties[name] ?? .null, pointer: "\(pointer)/properties/\(name)")))
                }
            case "required":
                guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count
                else {
                    throw fail(key, "required must be a list of property names")
                }
                rules.required = names
            case "enum":
                guard let options = value.arrayValue else { throw fail(key, "enum must be a list") }
                rules.enumeration = options
            case "const": rules.constant = value
            case "items":
                if value.arrayValue != nil {
                    throw fail(key, "items must be one schema (tuple items are not supported)")
                }
                rules.items = try JSONSchema(value, pointer: "\(pointer)/items")
            case "minimum": rules.minimum = try number(key, value)
            case "maximum": rules.maximum = try number(key, value)
            case "exclusiveMinimum": rules.exclusiveMinimum = try number(key, value)
            case "exclusiveMaximum": rules.exclusiveMaximum = try number(key, value)
            case "minLength": rules.minLength = try count(key, value)
            case "maxLength": rules.maxLength = try count(key, value)
            case "minItems": rules.minItems = try count(key, value)
            case "maxItems": rules.maxItems = try count(key, value)
            case "pattern":
                guard let text = value.stringValue else { throw fail(key, "pattern must be a string") }
                do {
                    rules.pattern = try NSRegularExpression(pattern: text)
                } catch {
                    throw fail(key, "invalid pattern '\(text)'")
                }
            case "additionalProperties":
                rules.additionalProperties = try JSONSchema(value, pointer: "\(pointer)/additionalProperties")
            default:
                guard annotations.contains(key) else {
                    throw fail(key, "unsupported keyword '\(key)'")
                }
            }
        }
        return rules
    }

    /// Every way `value` breaks the schema, each with the JSON pointer of the part at fault.
    public func violations(of value: JSONValue, at pointer: String = "") -> [String] {
        switch self {
        case .any: return []
        case .nothing: return ["\(Self.show(pointer)): no value is allowed here"]
        case .rules(let rules): return rules.violations(of: value, at: pointer)
        }
    }

    static func show(_ pointer: String) -> String { pointer.isEmpty ? "the value" : pointer }
}

extension JSONSchema.Rules {
    func violations(of value: JSONValue, at pointer: String) -> [String] {
        let place = JSONSchema.show(pointer)
        if let types, !types.contains(where: { Self.value(value, isOf: $0) }) {
            return ["\(place) is \(value.typeName), not \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        if let enumeration, !enumeration.contains(value) {
            found.append(
                "\(place) is \(value.canonicalJSON), not one of \(enumeration.map(\.canonicalJSON).joined(separator: ", "))"
            )
        }
        if let constant, constant != value { found.append("\(place) must be \(constant.canonicalJSON)") }
        if let number = value.doubleValue {
            if let minimum, number < minimum { found.append("\(place) is below the minimum \(minimum)") }
            if let maximum, number > maximum { found.append("\(place) is above the maximum \(maximum)") }
            if let exclusiveMinimum, number <= exclusiveMinimum {
                found.append("\(place) must be above \(exclusiveMinimum)")
            }
            if let exclusiveMaximum, number >= exclusiveMaximum {
                found.append("\(place) must be below \(exclusiveMaximum)")
            }
        }
        if case .string(let text) = value {
            if let minLength, text.count < minLength {
                found.append("\(place) is shorter than \(minLength) characters")
            }
            if let maxLength, text.count > maxLength { found.append("\(place) is longer than \(maxLength) characters") }
            if let pattern, pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                found.append("\(place) does not match the pattern \(pattern.pattern)")
            }
        }
        if case .array(let items) = value {
            if let minItems, items.count < minItems { found.append("\(place) has fewer than \(minItems) items") }
            if let maxItems, items.count > maxItems { found.append("\(place) has more than \(maxItems) items") }
            if let schema = self.items {
                for (index, item) in items.enumerated() {
                    found += schema.violations(of: item, at: "\(pointer)/\(index)")
                }
            }
        }
        if case .object(let object) = value {
            for name in required where object[name] == nil {
                found.append("\(place) lacks the required property '\(name)'")
            }
            let declared = Set(properties.map(\.0))
            for (name, schema) in properties {
                if let member = object[name] { found += schema.violations(of: member, at: "\(pointer)/\(name)") }
            }
            if let additionalProperties {
                for name in object.keys.sorted() where !declared.contains(name) {
                    if case .nothing = additionalProperties {
                        found.append("\(place) has the property '\(name)', which the schema does not allow")
                    } else if let member = object[name] {
                        found += additionalProperties.violations(of: member, at: "\(pointer)/\(name)")
                    }
                }
            }
        }
        return found
    }

    static func value(_ value: JSONValue, isOf type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .int), ("number", .double), ("number", .number), ("integer", .int): true
        case ("integer", .double(let number)): number == number.rounded()
        case ("integer", .number): value.doubleValue.map { $0 == $0.rounded() } ?? false
        default: false
        }
    }
}
