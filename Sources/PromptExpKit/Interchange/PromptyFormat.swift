import Foundation

/// Microsoft Prompty (`*.prompty`): YAML front matter (`name`, `description`, `model` with
/// `configuration` and `parameters`, `inputs`, `sample`, `template`), then a body whose
/// `system:` / `user:` / `assistant:` lines start messages, as promptexp's do. Jinja2
/// templates (the default) convert where they are plain `{{ name }}`s; `template: mustache`
/// files are taken as they are.
enum PromptyFormat {
    static func plan(_ source: ImportSource, name: String) throws(InterchangeError) -> ImportPlan {
        var plan = ImportPlan(format: .prompty, source: source.path)
        let (frontMatter, split) = try source.frontMatter()
        var draft = PromptDraft(id: name)
        var jinja = true
        if let root = frontMatter {
            for entry in root.entries ?? [] {
                let value = entry.value
                switch entry.key {
                case "name", "version": continue
                case "description": draft.description = try? value.string("description")
                case "tags": draft.tags = (try? value.stringList("tags")) ?? []
                case "model": try readModel(value, into: &draft, plan: &plan, source: source)
                case "inputs":
                    for input in value.entries ?? [] {
                        let type =
                            input.value["type"].flatMap { try? $0.string("type") }.flatMap(
                                InputSpec.ValueType.init(rawValue:)) ?? .string
                        draft.inputs.append(
                            InputSpec(
                                name: input.key, type: type == .messages || type == .image ? .any : type,
                                defaultValue: input.value["default"]?.json,
                                description: input.value["description"].flatMap { try? $0.string("description") }))
                        if let sample = input.value["sample"]?.json {
                            plan.rows.append(DatasetRow(inputs: [input.key: sample]))
                        }
                    }
                case "sample":
                    if let sample = value.json.objectValue {
                        plan.rows = [DatasetRow(inputs: sample)]
                    } else {
                        plan.unconverted.append("\(value.location): sample: only an inline mapping is imported")
                    }
                case "template":
                    let format =
                        (try? value.string("template")) ?? value["format"].flatMap { try? $0.string("format") }
                        ?? "jinja2"
                    jinja = format != "mustache"
                default:
                    plan.unconverted.append("\(entry.keyLocation): \(entry.key): promptexp has no equivalent")
                }
            }
        }
        var body = split.body
        if jinja {
            let (converted, problems) = NunjucksText.mustache(body)
            body = converted
            for problem in problems {
                plan.unconverted.append(
                    "\(source.path): \(problem) (Jinja2); left in the text for you to rewrite in Mustache")
            }
        }
        let template: ChatTemplate
        do {
            template = try ChatTemplate(body: body, path: source.path, firstLine: split.bodyFirstLine)
        } catch {
            throw .malformed(SourceLocation(path: source.path, line: split.bodyFirstLine), "\(error)")
        }
        draft.messages = template.segments.map {
            .init(role: $0.role, content: PromptDraft.trimmed($0.template.source))
        }
        if plan.rows.count > 1 {
            plan.rows = [DatasetRow(inputs: plan.rows.reduce(into: [:]) { $0.merge($1.inputs) { a, _ in a } })]
        }
        if !plan.rows.isEmpty {
            plan.datasetPath = "\(ProjectLayout.datasets)/\(name).jsonl"
            draft.tests = TestsSpec(dataset: plan.datasetPath)
        }
        plan.prompts = [draft]
        return plan
    }

    private static func readModel(
        _ node: YAMLNode, into draft: inout PromptDraft, plan: inout ImportPlan, source: ImportSource
    )
        throws(InterchangeError)
    {
        if case .scalar = node.kind {
            draft.model = try? node.string("model")
            return
        }
        for entry in node.entries ?? [] {
            switch entry.key {
            case "api":
                if (try? entry.value.string("api")) != "chat" {
                    plan.unconverted.append("\(entry.value.location): model.api: only chat prompts are imported")
                }
            case "configuration":
                let type = entry.value["type"].flatMap { try? $0.string("type") }
                let model = ["name", "model", "azure_deployment", "id"].lazy.compactMap {
                    entry.value[$0].flatMap { try? $0.string("") }
                }.first
                let provider = type.map { $0 == "azure_openai" ? "azure" : $0 }
                draft.model = model.map { model in provider.map { "\($0)/\(model)" } ?? model }
            case "parameters":
                for parameter in entry.value.entries ?? [] {
                    switch parameter.key {
                    case "response_format":
                        var value = parameter.value.json
                        if let text = value.stringValue, text.hasPrefix("${file:"), text.hasSuffix("}") {
                            let read = try source.read(String(text.dropFirst(7).dropLast()))
                            do {
                                value = try JSONParser.parse(Array(read.text.utf8))
                            } catch {
                                throw .malformed(
                                    SourceLocation(path: read.path, line: error.line, column: error.column),
                                    error.message)
                            }
                        }
                        if value["type"]?.stringValue == "json_object" {
                            draft.responseFormat = .json
                        } else if let schema = value["json_schema"] {
                            draft.responseFormat = .jsonSchema(
                                name: schema["name"]?.stringValue ?? "response", schema: schema["schema"] ?? [:],
                                strict: schema["strict"] != false)
                        }
                    case "tools":
                        for tool in parameter.value.json.arrayValue ?? [] {
                            let function = tool["function"] ?? tool
                            if let toolName = function["name"]?.stringValue {
                                draft.tools.append(
                                    ToolDefinition(
                                        name: toolName, description: function["description"]?.stringValue,
                                        parameters: function["parameters"] ?? ["type": "object", "properties": [:]]))
                            }
                        }
                    case "tool_choice":
                        plan.unconverted.append(
                            "\(parameter.keyLocation): model.parameters.tool_choice: set tool_choice in the prompt by hand"
                        )
                    default:
                        draft.params[parameter.key] = parameter.value.json
                    }
                }
            default:
                plan.unconverted.append("\(entry.keyLocation): model.\(entry.key): promptexp has no equivalent")
            }
        }
    }

    static func text(_ export: PromptExport) -> (text: String, lost: [String]) {
        let draft = export.draft
        var lost = export.messageLosses
        var entries: [(String, YAMLWriter.Node)] = [("name", .value(.string(draft.id)))]
        if let description = draft.description { entries.append(("description", .value(.string(description)))) }
        if !draft.tags.isEmpty { entries.append(("tags", .sequence(draft.tags.map { .value(.string($0)) }))) }
        var model: [(String, YAMLWriter.Node)] = [("api", .value("chat"))]
        if let reference = draft.model {
            let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
            model.append(
                (
                    "configuration",
                    .mapping(
                        parts.count == 2
                            ? [("type", .value(.string(parts[0]))), ("name", .value(.string(parts[1])))]
                            : [("name", .value(.string(reference)))])
                ))
        }
        var parameters = draft.params.sorted { $0.key < $1.key }.map { ($0.key, YAMLWriter.Node.json($0.value)) }
        if let format = draft.responseFormat {
            switch format {
            case .json: parameters.append(("response_format", .json(["type": "json_object"])))
            case .jsonSchema(let name, let schema, let strict):
                parameters.append(
                    (
                        "response_format",
                        .json([
                            "type": "json_schema",
                            "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)],
                        ])
                    ))
            }
        }
        if !draft.tools.isEmpty { parameters.append(("tools", .sequence(draft.tools.map { .json($0.requestJSON) }))) }
        if draft.toolChoice != nil { lost.append("tool_choice") }
        if !parameters.isEmpty { model.append(("parameters", .mapping(parameters))) }
        entries.append(("model", .mapping(model)))
        if !draft.inputs.isEmpty {
            entries.append(
                (
                    "inputs",
                    .mapping(
                        draft.inputs.map { input in
                            var fields: [(String, YAMLWriter.Node)] = [("type", .value(.string(input.type.rawValue)))]
                            if let value = input.defaultValue { fields.append(("default", .json(value))) }
                            if let description = input.description {
                                fields.append(("description", .value(.string(description))))
                            }
                            return (input.name, .mapping(fields))
                        })
                ))
        }
        if let row = export.rows.first { entries.append(("sample", .json(.object(row.inputs)))) }
        entries.append(("template", .value("mustache")))
        var text = "---\n" + YAMLWriter.document(entries) + "---\n"
        for message in draft.messages where message.conversation == nil {
            text += "\(message.role.rawValue):\n\(message.content)\n\n"
        }
        return (String(text.dropLast()), lost)
    }
}
