import Foundation
import Testing

@testable import PromptExpKit

/// Exports read back through the matching importer to the same prompt, field by field,
/// for everything each format can say; the rest is named as lost.
@Suite struct InterchangeRoundTripTests {
    static let promptText = """
        ---
        description: Replies to a customer
        tags: [production]
        model: openai/gpt-4o-mini
        params: {temperature: 0.2, max_tokens: 400, top_p: 0.9, seed: 7}
        inputs:
          customer: {type: string, description: the customer's first name}
          items: {type: array}
          plan: {type: string, default: standard}
        response_format:
          json_schema:
            name: reply
            schema: {type: object, properties: {text: {type: string}}, required: [text]}
        ---
        system:
        You are a support agent. The customer is on the {{plan}} plan.
        {{#items}}
        - {{.}}
        {{/items}}
        {{^items}}No items.{{/items}}
        user:
        {{customer}} wrote: "hello: there"
        """

    static func export() throws -> PromptExport {
        let file = try PromptFile(text: promptText, path: "prompts/reply.prompt")
        var export = PromptExport(draft: PromptDraft(id: "reply", file: file), version: "v2", commit: "abc")
        export.rows = [DatasetRow(inputs: ["customer": "Ana", "items": ["a", "b"]], expected: "Hi Ana")]
        export.evaluators = [
            EvaluatorConfig(name: "greets", kind: "contains", settings: ["value": "{{customer}}"]),
            EvaluatorConfig(name: "tone", kind: "llm-judge", settings: ["rubric": "judges/tone"]),
        ]
        return export
    }

    static func reimport(_ text: String, format: ImportFormat, file: String) throws -> ImportPlan {
        let url = URL(fileURLWithPath: "/nonexistent/\(file)")
        let source = ImportSource(text: text, path: file, url: url)
        switch format {
        case .promptYML: return try GitHubPromptFormat.plan(source, name: "reply")
        case .prompty: return try PromptyFormat.plan(source, name: "reply")
        case .dotprompt: return try DotpromptFormat.plan(source, name: "reply")
        case .json: return try PromptJSONFormat.plan(source, name: "reply")
        default: throw InterchangeError.nothingToExport("no importer for \(format)")
        }
    }

    @Test func jsonKeepsEverything() throws {
        let export = try Self.export()
        let (text, lost) = PromptJSONFormat.text(export)
        #expect(lost.isEmpty)
        let plan = try Self.reimport(text, format: .json, file: "reply.json")
        var expected = export.draft
        expected.tests = nil
        #expect(plan.prompts == [expected])
        // And the prompt file it writes parses back to the same draft.
        let written = try PromptFile(text: plan.prompts[0].promptFileText, path: "prompts/reply.prompt")
        #expect(PromptDraft(id: "reply", file: written) == expected)
    }

    @Test func promptYMLKeepsMessagesModelParamsSchemaRowsAndStringChecks() throws {
        let export = try Self.export()
        let (text, lost) = GitHubPromptFormat.text(export)
        #expect(
            lost == [
                "params.seed", "the defaults of plan (a .prompt.yml file declares no inputs)",
                "evaluator 'tone' (llm-judge)",
            ])
        let plan = try Self.reimport(text, format: .promptYML, file: "reply.prompt.yml")
        let draft = try #require(plan.prompts.first)
        #expect(draft.messages == export.draft.messages)
        #expect(draft.model == "openai/gpt-4o-mini")
        #expect(draft.params == ["temperature": 0.2, "max_tokens": 400, "top_p": 0.9])
        #expect(draft.responseFormat == export.draft.responseFormat)
        #expect(plan.rows.map(\.inputs) == export.rows.map(\.inputs))
        #expect(plan.rows.map(\.expected) == ["Hi Ana"])
        #expect(plan.evaluators.map(\.kind) == ["contains"])
        #expect(plan.evaluators.first?.setting("value") == "{{customer}}")
        #expect(plan.unconverted.isEmpty)
    }

    @Test func promptyKeepsInputsParamsSchemaAndTheSample() throws {
        let export = try Self.export()
        let (text, lost) = PromptyFormat.text(export)
        #expect(lost.isEmpty)
        let plan = try Self.reimport(text, format: .prompty, file: "reply.prompty")
        var expected = export.draft
        expected.tests = TestsSpec(dataset: "datasets/reply.jsonl")
        #expect(plan.prompts == [expected])
        #expect(plan.rows.map(\.inputs) == [export.rows[0].inputs])
        #expect(plan.unconverted.isEmpty)
    }

    @Test func dotpromptKeepsSectionsAsIfEachAndUnless() throws {
        let export = try Self.export()
        let (text, lost) = DotpromptFormat.text(export)
        #expect(lost == ["params.seed"])
        #expect(text.contains("{{#each items}}\n- {{this}}\n{{/each}}\n{{#unless items}}No items.{{/unless}}"))
        #expect(text.contains("{{role \"system\"}}") && text.contains("model: openai/gpt-4o-mini"))
        let plan = try Self.reimport(text, format: .dotprompt, file: "reply.prompt")
        let draft = try #require(plan.prompts.first)
        #expect(draft.messages == export.draft.messages)
        #expect(draft.params == ["temperature": 0.2, "max_tokens": 400, "top_p": 0.9])
        #expect(draft.inputs.map(\.name) == ["customer", "items", "plan"])
        #expect(draft.inputs.map(\.type) == [.string, .array, .string])
        #expect(draft.inputs.first { $0.name == "plan" }?.defaultValue == "standard")
        #expect(
            draft.responseFormat?.requestJSON["json_schema"]?["schema"]
                == export.draft.responseFormat?.requestJSON["json_schema"]?["schema"])
        #expect(plan.unconverted.isEmpty)
    }

    @Test func yamlWriterQuotesWhatPlainStyleWouldChange() throws {
        let text = YAMLWriter.document([
            ("a", .value("yes")), ("b", .value("1.5")), ("c", .value("key: value")), ("d", .value("- item")),
            ("e", .value("line one\nline two\n")), ("f", .value(" leading")), ("g", .value("plain words")),
            ("h", .value("no final break\n\nx")),
        ])
        let node = try YAMLNode.parse(text, path: "t.yaml")
        for key in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            #expect(node[key]?.json.stringValue != nil, "\(key) did not read back as a string:\n\(text)")
        }
        #expect(node["a"]?.json == "yes" && node["b"]?.json == "1.5" && node["c"]?.json == "key: value")
        #expect(node["e"]?.json == "line one\nline two\n" && node["h"]?.json == "no final break\n\nx")
        #expect(node["f"]?.json == " leading" && node["g"]?.json == "plain words")
        #expect(text.contains("g: plain words\n"))
    }

    @Test func nunjucksIfElseAndForBecomeSections() {
        let (text, problems) = NunjucksText.mustache(
            "{% if vip %}Dear {{ name }}{% else %}Hi{% endif %}: {% for item in items %}{{ item.title }}, {% endfor %}{{ x | upper }}"
        )
        #expect(
            text
                == "{{#vip}}Dear {{name}}{{/vip}}{{^vip}}Hi{{/vip}}: {{#items}}{{title}}, {{/items}}{{! not converted: x | upper }}"
        )
        #expect(problems == ["the expression {{ x | upper }} has no Mustache equivalent"])
    }

    @Test func configEditorAddsEntriesInsideTheEvaluatorsBlockKeepingComments() throws {
        let config = """
            # settings
            evaluators:
                not-empty:        # keep this comment
                    kind: not-empty
            verdict:
              min_effect: 0.02
            """
        let edited = try ConfigEvaluatorEditor.adding(
            [("x-contains", .mapping([("kind", .value("contains")), ("value", .value("{{a}}"))]))], to: config)
        #expect(
            edited == """
                # settings
                evaluators:
                    not-empty:        # keep this comment
                        kind: not-empty
                    x-contains:
                      kind: contains
                      value: "{{a}}"
                verdict:
                  min_effect: 0.02

                """)
        let parsed = try ProjectConfig.parse(edited, path: ".promptexp/config.yaml")
        #expect(parsed.evaluators["x-contains"]?.settings["value"] == "{{a}}")
        #expect(parsed.evaluators["not-empty"] != nil)
        #expect(throws: ConfigEvaluatorEditor.Refusal.self) {
            try ConfigEvaluatorEditor.adding([("y", .mapping([("kind", .value("equals"))]))], to: "evaluators: {}\n")
        }
    }
}
