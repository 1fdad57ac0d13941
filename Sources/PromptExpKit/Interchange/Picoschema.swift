import Foundation

/// Dotprompt's Picoschema: `name: string`, `name?: integer, what it is`, `tags(array): string`,
/// `address(object): {…}`, or plain JSON Schema.
enum Picoschema {
    static let scalars: [String: InputSpec.ValueType] = [
        "string": .string, "number": .number, "integer": .integer, "boolean": .boolean, "any": .any, "null": .any,
    ]

    /// The inputs a schema declares, in its order.
    static func inputs(_ schema: JSONValue) -> [InputSpec] {
        if schema["type"]?.stringValue == "object", let properties = schema["properties"]?.objectValue {
            let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            return properties.keys.sorted().map { name in
                let type =
                    properties[name]?["type"]?.stringValue.flatMap { scalars[$0] ?? InputSpec.ValueType(rawValue: $0) }
                    ?? .any
                return InputSpec(
                    name: name, type: type, description: properties[name]?["description"]?.stringValue,
                    isRequired: required.contains(name))
            }
        }
        guard let fields = schema.objectValue else { return [] }
        return fields.keys.sorted().map { key in
            let (name, optional, declared) = parse(key)
            var description: String?
            var type = declared ?? .any
            if let text = fields[key]?.stringValue {
                let pieces = text.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if declared == nil { type = scalars[pieces[0]] ?? .any }
                description = pieces.count > 1 ? pieces[1] : nil
            } else if declared == nil {
                type = .object
            }
            return InputSpec(name: name, type: type, description: description, isRequired: !optional)
        }
    }

    /// `tags?(array, the labels)` → (tags, optional, array).
    private static func parse(_ key: String) -> (String, Bool, InputSpec.ValueType?) {
        var name = key
        var declared: InputSpec.ValueType?
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
            let kind = inside.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            declared = kind == "array" ? .array : kind == "object" ? .object : scalars[kind]
            name = String(name[..<open])
        }
        let optional = name.hasSuffix("?")
        if optional { name.removeLast() }
        return (name, optional, declared)
    }

    static func key(for input: InputSpec) -> String {
        let optional = input.isRequired ? "" : "?"
        switch input.type {
        case .array: return "\(input.name)\(optional)(array)"
        case .object: return "\(input.name)\(optional)(object)"
        default: return input.name + optional
        }
    }

    static func type(for input: InputSpec) -> String {
        let base: String
        switch input.type {
        case .string, .number, .integer, .boolean, .any: base = input.type.rawValue
        default: base = "any"
        }
        return input.description.map { "\(base), \($0)" } ?? base
    }

    /// A Picoschema as JSON Schema (plain JSON Schema passes through).
    static func jsonSchema(_ schema: JSONValue) -> JSONValue {
        if schema["type"] != nil { return schema }
        if let scalar = schema.stringValue {
            let type =
                scalar.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "any"
            return type == "any" ? [:] : ["type": .string(type)]
        }
        guard let fields = schema.objectValue else { return schema }
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
            let (name, optional, declared) = parse(key)
            var property = jsonSchema(field)
            if declared == .array { property = ["type": "array", "items": property] }
            properties[name] = property
            if !optional { required.append(.string(name)) }
        }
        return ["type": "object", "properties": .object(properties), "required": .array(required)]
    }
}
