import Foundation

/// GitHub Models prompt files (`*.prompt.yml`, read by `gh models eval` and the Models
/// tab): `name`, `description`, `model`, `modelParameters` (`maxTokens`, `temperature`,
/// `topP`), `messages` of `{role, content}` with `{{variable}}`s, `responseFormat` with
/// `jsonSchema`, `testData` (the variables and `expected`), and `evaluators` (`string`
/// checks, `llm` judges with choices, `uses: github/…` built-ins).
enum GitHubPromptFormat {
    static let parameterNames = ["max_tokens": "maxTokens", "temperature": "temperature", "top_p": "topP"]
    static let builtInJudges: [String: String] = [
        "github/similarity": "How similar is the output to the expected answer in meaning?",
        "github/coherence": "How coherent is the output: does it read as one clear, well-ordered answer?",
        "github/fluency": "How fluent is the output: is it grammatical and natural?",
        "github/relevance": "How relevant is the output to what was asked?",
        "github/groundedness":
            "How well is the output supported by the information it was given, without inventing facts?",
    ]

    static func plan(_ source: ImportSource, name: String) throws(InterchangeError) -> ImportPlan {
        var plan = ImportPlan(format: .promptYML, source: source.path)
        let root = try source.yaml()
        guard root.entries != nil else { throw .malformed(root.location, "a .prompt.yml file is a mapping") }
        var draft = PromptDraft(id: name)
        for entry in root.entries ?? [] {
            let value = entry.value
            switch entry.key {
            case "name": continue
            case "description": draft.description = try? value.string("description")
            case "model": draft.model = try? value.string("model")
            case "modelParameters":
                for parameter in value.entries ?? [] {
                    if let key = parameterNames.first(where: { $0.value == parameter.key })?.key {
                        draft.params[key] = parameter.value.json
                    } else {
                        plan.unconverted.append(
                            "\(parameter.keyLocation): modelParameters.\(parameter.key): not imported")
                    }
                }
            case "messages":
                guard case .sequence(let items) = value.kind else {
                    throw .malformed(value.location, "messages must be a list")
                }
                for item in items {
                    guard
                        let role = item["role"].flatMap({ try? $0.string("role") }).flatMap({
                            ChatMessage.Role(rawValue: $0.lowercased())
                        }),
                        role != .tool, let content = item["content"].flatMap({ try? $0.string("content") })
                    else {
                        throw .malformed(item.location, "a message needs role (system, user or assistant) and content")
                    }
                    draft.messages.append(.init(role: role, content: content))
                }
            case "responseFormat":
                switch (try? value.string("responseFormat")) ?? "" {
                case "text": continue
                case "json_object": draft.responseFormat = draft.responseFormat ?? .json
                case "json_schema": continue
                default:
                    plan.unconverted.append("\(value.location): responseFormat: not text, json_object or json_schema")
                }
            case "jsonSchema":
                draft.responseFormat = try schema(value)
            case "testData":
                if case .sequence(let items) = value.kind {
                    for item in items {
                        var inputs: [String: JSONValue] = [:]
                        var expected: JSONValue?
                        for field in item.entries ?? [] {
                            if field.key == "expected" {
                                expected = field.value.json
                            } else {
                                inputs[field.key] = field.value.json
                            }
                        }
                        plan.rows.append(DatasetRow(inputs: inputs, expected: expected))
                    }
                }
            case "evaluators":
                if case .sequence(let items) = value.kind {
                    for item in items { evaluator(item, name: name, into: &plan) }
                }
            default:
                plan.unconverted.append("\(entry.keyLocation): \(entry.key): promptexp has no equivalent")
            }
        }
        guard !draft.messages.isEmpty else {
            throw .malformed(root.location, "no messages: a .prompt.yml file lists its messages")
        }
        if !plan.rows.isEmpty { plan.datasetPath = "\(ProjectLayout.datasets)/\(name).jsonl" }
        draft.tests = TestsSpec(dataset: plan.datasetPath, evaluators: plan.evaluators.map(\.name))
        plan.prompts.insert(draft, at: 0)
        return plan
    }

    /// `jsonSchema`: a JSON string (what gh models reads) or a mapping, of `{name, schema, strict}`
    /// or of the schema itself.
    static func schema(_ node: YAMLNode) throws(InterchangeError) -> ResponseFormat {
        var value = node.json
        if let text = value.stringValue {
            do {
                value = try JSONParser.parse(Array(text.utf8))
            } catch {
                throw .malformed(node.location, "jsonSchema is not JSON: \(error.message)")
            }
        }
        if let schema = value["schema"] {
            return .jsonSchema(
                name: value["name"]?.stringValue ?? "response", schema: schema, strict: value["strict"] != false)
        }
        return .jsonSchema(name: "response", schema: value, strict: true)
    }

    private static func evaluator(_ node: YAMLNode, name: String, into plan: inout ImportPlan) {
        let label = node["name"].flatMap { try? $0.string("name") } ?? "evaluator"
        let evaluatorName = "\(name.replacingOccurrences(of: "/", with: "-"))-\(PromptfooImporter.slug(label))"
        if let check = node["string"]?.entries, let first = check.first {
            let kinds = ["startsWith": "starts-with", "contains": "contains", "equals": "equals"]
            guard check.count == 1, let kind = kinds[first.key], let text = try? first.value.string("value") else {
                plan.unconverted.append(
                    "\(node.location): evaluator '\(label)': string check \(check.map(\.key).joined(separator: ", ")) has no promptexp equivalent (promptexp has startsWith, contains, equals; an endsWith can be a regex evaluator)"
                )
                return
            }
            _ = plan.add(.init(name: evaluatorName, kind: kind, [("value", .string(text))]))
        } else if let uses = node["uses"].flatMap({ try? $0.string("uses") }), let instruction = builtInJudges[uses] {
            let rubric = PromptfooImporter.rubric(
                id: "judges/\(PromptfooImporter.slug(uses.replacingOccurrences(of: "github/", with: "")))",
                instruction: instruction,
                text: "Question and inputs: {{input}}\nExpected answer: {{expected}}", unique: plan.prompts.map(\.id))
            if !plan.prompts.contains(where: { $0.id == rubric.id }) { plan.prompts.append(rubric) }
            _ = plan.add(
                .init(
                    name: evaluatorName, kind: "llm-judge",
                    [("rubric", .string(rubric.id)), ("scale", "range"), ("range", 5)]))
            plan.notes.append(
                "evaluator '\(label)' (\(uses)): a judge with promptexp's own rubric \(rubric.id), not GitHub's text")
        } else if let llm = node["llm"] {
            var choices: [String: JSONValue] = [:]
            if case .sequence(let items)? = llm["choices"]?.kind {
                for item in items {
                    if let choice = item["choice"].flatMap({ try? $0.string("choice") }),
                        let score = item["score"]?.json.doubleValue
                    {
                        choices[choice] = .double(score)
                    }
                }
            }
            guard let prompt = llm["prompt"].flatMap({ try? $0.string("prompt") }), !choices.isEmpty else {
                plan.unconverted.append(
                    "\(node.location): evaluator '\(label)': an llm evaluator needs prompt and choices")
                return
            }
            let maximum = choices.values.compactMap(\.doubleValue).max() ?? 1
            let scaled = choices.mapValues { JSONValue.double(maximum > 0 ? ($0.doubleValue ?? 0) / maximum : 0) }
            var rubric = PromptDraft(id: "judges/\(PromptfooImporter.slug(label))")
            if let system = llm["systemPrompt"].flatMap({ try? $0.string("systemPrompt") }) {
                rubric.messages.append(.init(role: .system, content: system))
            }
            rubric.messages.append(
                .init(role: .user, content: prompt.replacingOccurrences(of: "{{completion}}", with: "{{output}}")))
            plan.prompts.append(rubric)
            var settings: [(String, JSONValue)] = [
                ("rubric", .string(rubric.id)), ("scale", "choice"), ("choices", .object(scaled)),
            ]
            if let model = llm["modelId"].flatMap({ try? $0.string("modelId") }) {
                settings.append(("model", .string(model)))
            }
            _ = plan.add(.init(name: evaluatorName, kind: "llm-judge", settings))
        } else {
            plan.unconverted.append("\(node.location): evaluator '\(label)': promptexp has no equivalent")
        }
    }

    static func text(_ export: PromptExport) -> (text: String, lost: [String]) {
        let draft = export.draft
        var lost = export.messageLosses
        var entries: [(String, YAMLWriter.Node)] = [("name", .value(.string(draft.id)))]
        if let description = draft.description { entries.append(("description", .value(.string(description)))) }
        if let model = draft.model { entries.append(("model", .value(.string(model)))) }
        let (params, lostParams) = export.params(renamed: parameterNames)
        lost += lostParams
        if !params.isEmpty { entries.append(("modelParameters", .mapping(params.map { ($0.0, .json($0.1)) }))) }
        switch draft.responseFormat {
        case .json?: entries.append(("responseFormat", .value("json_object")))
        case .jsonSchema(let name, let schema, let strict)?:
            entries.append(("responseFormat", .value("json_schema")))
            let object: JSONValue = ["name": .string(name), "schema": schema, "strict": .bool(strict)]
            entries.append(("jsonSchema", .value(.string(object.prettyJSON))))
        case nil: break
        }
        if !draft.tools.isEmpty { lost.append("tools (a .prompt.yml file has none)") }
        let defaults = draft.inputs.filter { $0.defaultValue != nil }.map(\.name)
        if !defaults.isEmpty {
            lost.append("the defaults of \(defaults.joined(separator: ", ")) (a .prompt.yml file declares no inputs)")
        }
        entries.append(
            (
                "messages",
                .sequence(
                    draft.messages.filter { $0.conversation == nil }.map {
                        .mapping([
                            ("role", .value(.string($0.role.rawValue))), ("content", .value(.string($0.content))),
                        ])
                    })
            ))
        if !export.rows.isEmpty {
            entries.append(
                (
                    "testData",
                    .sequence(
                        export.rows.map { row in
                            var fields = row.inputs.sorted { $0.key < $1.key }.map {
                                ($0.key, YAMLWriter.Node.json($0.value))
                            }
                            if let expected = row.expected { fields.append(("expected", .json(expected))) }
                            return .mapping(fields)
                        })
                ))
        }
        var evaluators: [YAMLWriter.Node] = []
        for evaluator in export.evaluators {
            let kinds = ["starts-with": "startsWith", "contains": "contains", "equals": "equals"]
            if let kind = kinds[evaluator.kind], let value = evaluator.settings["value"]?.stringValue,
                Set(evaluator.settings.keys).isSubset(of: ["value", "weight"])
            {
                evaluators.append(
                    .mapping([
                        ("name", .value(.string(evaluator.name))),
                        ("string", .mapping([(kind, .value(.string(value)))])),
                    ]))
            } else {
                lost.append("evaluator '\(evaluator.name)' (\(evaluator.kind))")
            }
        }
        if !evaluators.isEmpty { entries.append(("evaluators", .sequence(evaluators))) }
        return (YAMLWriter.document(entries), lost)
    }
}
