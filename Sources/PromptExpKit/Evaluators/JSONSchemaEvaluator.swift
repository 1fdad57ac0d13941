import Foundation

/// `json-schema`: the output is JSON that fits a schema, given inline (`schema:`) or as a
/// file in the repository (`schema_file:`), or, with neither, the schema the prompt's own
/// `response_format` asks for (each prompt version's, so base and candidate are each held
/// to their own). A schema that does not hold together is a config error when the
/// evaluator is built, before anything runs.
public struct JSONSchemaEvaluator: Evaluator {
    public let common: EvaluatorCommon
    /// Nil: the prompt's response schema.
    let schema: JSONSchema?
    let stripFences: Bool

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings, root: URL) throws(EvaluatorError) {
        common = try settings.common()
        stripFences = try settings.bool("strip_fences") ?? false
        let schemaValue: JSONValue
        let source: String
        switch (settings.value("schema"), try settings.string("schema_file")) {
        case (nil, nil):
            schema = nil
            return
        case (let inline?, nil):
            schemaValue = inline
            source = "schema"
        case (nil, let file?):
            let url = root.appendingPathComponent(file)
            do {
                try ProjectFileCheck.requireInside(file, root: root)
                try ProjectFileCheck.requireRegularFile(url, root: root, display: file)
            } catch {
                throw settings.fail("schema_file \(error)")
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw settings.fail("cannot read schema_file '\(file)'")
            }
            do {
                schemaValue = try JSONValue.parse(data)
            } catch {
                throw settings.fail("\(file):\(error.line):\(error.column): \(error.message)")
            }
            source = file
        case (_?, _?): throw settings.fail("give schema or schema_file, not both")
        }
        do {
            schema = try JSONSchema(schemaValue)
        } catch {
            throw settings.fail("bad schema in \(source) \(error.description)")
        }
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        switch JSONValidEvaluator.parse(input.output, stripFences: stripFences) {
        case .failure(let error):
            return common.judge(score: 0, reason: "not valid JSON: \(error.description)")
        case .success(let value):
            let schema: JSONSchema
            if let own = self.schema {
                schema = own
            } else if let asked = input.responseSchema, let compiled = try? JSONSchema(asked) {
                schema = compiled
            } else {
                return .failure(
                    "no schema to check against: give the evaluator schema or schema_file, or the prompt response_format: {json_schema: …}"
                )
            }
            let violations = schema.violations(of: value)
            guard let first = violations.first else { return common.judge(score: 1, reason: "fits the schema") }
            let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
            return common.judge(score: 0, reason: first + more)
        }
    }
}
