import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct JSONSchemaEvaluatorTests {
    typealias H = EvaluatorHarness

    static let invoiceSchema = """
        kind: json-schema
        schema:
          type: object
          required: [vendor, total, currency]
          additionalProperties: false
          properties:
            vendor: {type: string, minLength: 2}
            invoice_number: {type: [string, "null"], pattern: "^INV-"}
            total: {type: number, minimum: 0}
            currency: {enum: [EUR, USD, GBP]}
            lines: {type: array, maxItems: 2, items: {type: integer}}
        """

    @Test func aFittingValuePasses() async throws {
        let evaluator = try H.evaluator(Self.invoiceSchema)
        let good = await H.judge(
            evaluator, #"{"vendor": "Acme", "invoice_number": null, "total": 12.5, "currency": "EUR", "lines": [1, 2]}"#
        )
        #expect(good.passed)
        #expect(good.reason == "fits the schema")
    }

    @Test(arguments: [
        (#"{"vendor": "Acme", "total": 1}"#, "the value lacks the required property 'currency'"),
        (#"{"vendor": "Acme", "total": -1, "currency": "EUR"}"#, "/total is below the minimum 0.0"),
        (#"{"vendor": "Acme", "total": 1, "currency": "JPY"}"#, #"/currency is "JPY", not one of "EUR", "USD", "GBP""#),
        (#"{"vendor": "A", "total": 1, "currency": "EUR"}"#, "/vendor is shorter than 2 characters"),
        (#"{"vendor": "Acme", "total": "1", "currency": "EUR"}"#, "/total is string, not number"),
        (
            #"{"vendor": "Acme", "total": 1, "currency": "EUR", "note": "x"}"#,
            "the value has the property 'note', which the schema does not allow"
        ),
        (#"{"vendor": "Acme", "total": 1, "currency": "EUR", "lines": [1, 2.5]}"#, "/lines/1 is number, not integer"),
        (
            #"{"vendor": "Acme", "total": 1, "currency": "EUR", "invoice_number": "X-1"}"#,
            "/invoice_number does not match the pattern ^INV-"
        ),
        (#"[1]"#, "the value is array, not object"),
        (#"{"vendor": "#, "not valid JSON: 1:11: unexpected end of input"),
    ])
    func violationsAreNamedByPointer(output: String, reason: String) async throws {
        let evaluator = try H.evaluator(Self.invoiceSchema)
        let evaluation = await H.judge(evaluator, output)
        #expect(!evaluation.passed)
        #expect(evaluation.reason.hasPrefix(reason), "\(evaluation.reason)")
    }

    @Test(arguments: [
        (
            "kind: json-schema\nschema: {type: text}",
            "bad schema in schema at #/type: unknown type 'text'; use array, boolean, integer, null, number, object, string"
        ),
        (
            "kind: json-schema\nschema: {properties: {a: {minimum: low}}}",
            "bad schema in schema at #/properties/a/minimum: minimum must be a number"
        ),
        (
            "kind: json-schema\nschema: {type: object, oneOf: []}",
            "bad schema in schema at #/oneOf: unsupported keyword 'oneOf'"
        ),
        ("kind: json-schema\nschema: {pattern: \"(\"}", "bad schema in schema at #/pattern: invalid pattern '('"),
        (
            "kind: json-schema\nschema: 3",
            "bad schema in schema at #: a schema must be an object or a boolean, found integer"
        ),
        ("kind: json-schema\nschema_file: nowhere.json", "cannot read schema_file 'nowhere.json'"),
    ])
    func badSchemasAreConfigErrors(yaml: String, message: String) {
        let error = H.error(yaml)
        #expect(error == "c.yaml:2:3: evaluator 'e': \(message)", "\(error ?? "nil")")
    }

    /// With neither schema nor schema_file, the schema is the prompt's own response_format:
    /// each record is held to the schema of the prompt version that made it.
    @Test func withoutASchemaItChecksAgainstThePromptsResponseFormat() async throws {
        let evaluator = try H.evaluator("kind: json-schema")
        let schema: JSONValue = [
            "type": "object", "required": ["answer"], "properties": ["answer": ["type": "integer"]],
        ]
        func judge(_ output: String, schema: JSONValue?) async -> Evaluation {
            await evaluator.evaluate(
                EvaluationInput(
                    row: DatasetRow(id: "r1", inputs: [:]), record: H.record(output), responseSchema: schema))
        }
        #expect(await judge(#"{"answer": 42}"#, schema: schema).passed)
        let wrong = await judge(#"{"answer": "42"}"#, schema: schema)
        #expect(!wrong.passed)
        let none = await judge(#"{"answer": 42}"#, schema: nil)
        #expect(none.error?.hasPrefix("no schema to check against") == true)
    }

    @Test func aSchemaFileIsReadFromTheRepository() async throws {
        let folder = try TemporaryDirectory()
        try folder.write("schemas/answer.json", #"{"type": "object", "required": ["answer"]}"#)
        let evaluator = try H.evaluator("kind: json-schema\nschema_file: schemas/answer.json", root: folder.url)
        #expect(await H.judge(evaluator, #"{"answer": 42}"#).passed)
        #expect(!(await H.judge(evaluator, #"{}"#).passed))
        try folder.write("schemas/broken.json", "{\"type\": ")
        #expect(throws: EvaluatorError.self) {
            try H.evaluator("kind: json-schema\nschema_file: schemas/broken.json", root: folder.url)
        }
    }
}
