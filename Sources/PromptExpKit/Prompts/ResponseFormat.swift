/// The form a prompt asks its answer in (`response_format:`): `json` (any JSON object), or
/// `{json_schema: {name, schema, strict}}` (JSON that fits the schema). Sent as each provider
/// expects it: OpenAI's `response_format`, Gemini's response schema, and for Anthropic a
/// forced tool whose input is the answer.
public enum ResponseFormat: Hashable, Sendable {
    case json
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)

    static let keys = ["file", "name", "schema", "strict"]

    init(node: YAMLNode) throws(YAMLNode.Problem) {
        if case .scalar = node.kind {
            guard try node.string("response_format") == "json" else {
                throw node.fail("response_format must be json or {json_schema: {name, schema, strict}}")
            }
            self = .json
            return
        }
        var format: ResponseFormat?
        for entry in try node.mapping("response_format") {
            guard entry.key == "json_schema" else {
                throw PromptFrontMatter.unknownKey(entry, known: ["json_schema"], in: "response_format")
            }
            var name = "response"
            var schema: JSONValue?
            var strict = true
            for field in try entry.value.mapping("response_format.json_schema") {
                switch field.key {
                case "name": name = try field.value.string("response_format.json_schema.name")
                case "strict":
                    guard case .bool(let value) = field.value.json else {
                        throw field.value.fail("response_format.json_schema.strict must be true or false")
                    }
                    strict = value
                case "schema": schema = try Self.checkedSchema(field.value)
                default: throw PromptFrontMatter.unknownKey(field, known: Self.keys, in: "response_format.json_schema")
                }
            }
            guard let schema else { throw entry.value.fail("response_format.json_schema needs a schema") }
            format = .jsonSchema(name: name, schema: schema, strict: strict)
        }
        guard let format else {
            throw node.fail("response_format must be json or {json_schema: {name, schema, strict}}")
        }
        self = format
    }

    /// `{json_schema: {file: PATH, name, strict}}`: the schema kept in a file; nil for
    /// any other form.
    static func fileReference(in node: YAMLNode) throws(YAMLNode.Problem) -> PromptFileReference? {
        guard case .mapping = node.kind else { return nil }
        for entry in try node.mapping("response_format") where entry.key == "json_schema" {
            guard case .mapping = entry.value.kind else { return nil }
            let fields = try entry.value.mapping("response_format.json_schema")
            guard let file = fields.first(where: { $0.key == "file" }) else { return nil }
            var name = "response"
            var strict = true
            for field in fields {
                switch field.key {
                case "file": continue
                case "name": name = try field.value.string("response_format.json_schema.name")
                case "strict":
                    guard case .bool(let value) = field.value.json else {
                        throw field.value.fail("response_format.json_schema.strict must be true or false")
                    }
                    strict = value
                case "schema": throw field.value.fail("response_format.json_schema takes a schema or a file, not both")
                default:
                    throw PromptFrontMatter.unknownKey(
                        field, known: ["file", "name", "strict"], in: "response_format.json_schema")
                }
            }
            let path = try file.value.string("response_format.json_schema.file")
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw file.value.fail(
                    "\(path): outside the repository; name a file inside it (no '..' or absolute paths)")
            }
            return PromptFileReference(
                target: .responseSchema(name: name, strict: strict), path: path, location: file.value.location)
        }
        return nil
    }

    /// Checks a response schema: an object schema promptexp can check answers against.
    static func checkedSchema(_ node: YAMLNode) throws(YAMLNode.Problem) -> JSONValue {
        let value = node.json
        guard value["type"] == "object" else {
            throw node.fail("the response schema must be an object schema (type: object, properties: …)")
        }
        do {
            _ = try JSONSchema(value)
        } catch {
            throw node.fail("the response schema does not hold together: \(error.description)")
        }
        return value
    }

    /// OpenAI's shape, the one a request's parameters carry.
    var requestJSON: JSONValue {
        switch self {
        case .json: ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict):
            ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)]]
        }
    }
}
