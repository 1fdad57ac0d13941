import Foundation

/// Google Dotprompt (`*.prompt`, used by Genkit): YAML front matter (`model`, `config`,
/// `input` with a Picoschema `schema` and `default`, `output` with `format` and `schema`,
/// `tools`), then a Handlebars template whose `{{role "…"}}` tags start messages.
enum DotpromptFormat {
    static let configNames = [
        "temperature": "temperature", "maxOutputTokens": "max_tokens", "topP": "top_p", "topK": "top_k",
        "stopSequences": "stop",
    ]
    static let providers = ["googleai": "gemini", "vertexai": "gemini"]

    static func plan(_ source: ImportSource, name: String) throws(InterchangeError) -> ImportPlan {
        var plan = ImportPlan(format: .dotprompt, source: source.path)
        let (frontMatter, split) = try source.frontMatter()
        var draft = PromptDraft(id: name)
        var defaults: [String: JSONValue] = [:]
        if let root = frontMatter {
            for entry in root.entries ?? [] {
                let value = entry.value
                switch entry.key {
                case "model":
                    if let model = try? value.string("model") {
                        let parts = model.split(separator: "/", maxSplits: 1).map(String.init)
                        draft.model = parts.count == 2 ? "\(providers[parts[0]] ?? parts[0])/\(parts[1])" : model
                    }
                case "description": draft.description = try? value.string("description")
                case "config":
                    for setting in value.entries ?? [] {
                        if let key = configNames[setting.key] {
                            draft.params[key] = setting.value.json
                        } else {
                            plan.unconverted.append("\(setting.keyLocation): config.\(setting.key): not imported")
                        }
                    }
                case "input":
                    if let schema = value["schema"] { draft.inputs = Picoschema.inputs(schema.json) }
                    defaults = value["default"]?.json.objectValue ?? [:]
                case "output":
                    let format = value["format"].flatMap { try? $0.string("format") }
                    if let schema = value["schema"] {
                        draft.responseFormat = .jsonSchema(
                            name: "output", schema: Picoschema.jsonSchema(schema.json), strict: true)
                    } else if format == "json" {
                        draft.responseFormat = .json
                    }
                case "tools":
                    plan.unconverted.append(
                        "\(value.location): tools: Dotprompt names tools defined in code; list them under tools: with their parameters by hand"
                    )
                default:
                    plan.unconverted.append("\(entry.keyLocation): \(entry.key): promptexp has no equivalent")
                }
            }
        }
        draft.inputs = draft.inputs.map { input in
            guard let value = defaults[input.name] else { return input }
            return InputSpec(name: input.name, type: input.type, defaultValue: value, description: input.description)
        }
        for name in defaults.keys.sorted() where !draft.inputs.contains(where: { $0.name == name }) {
            draft.inputs.append(InputSpec(name: name, type: .any, defaultValue: defaults[name]))
        }
        let (parts, problems) = HandlebarsText.mustache(split.body)
        for problem in problems {
            plan.unconverted.append("\(source.path): \(problem); left in the text for you to rewrite in Mustache")
        }
        draft.messages = parts.compactMap { part in
            let text = PromptDraft.trimmed(part.text)
            return text.isEmpty ? nil : .init(role: part.role, content: text)
        }
        plan.prompts = [draft]
        return plan
    }

    static func text(_ export: PromptExport) -> (text: String, lost: [String]) {
        let draft = export.draft
        var lost = export.messageLosses
        var entries: [(String, YAMLWriter.Node)] = []
        if let model = draft.model {
            let parts = model.split(separator: "/", maxSplits: 1).map(String.init)
            let provider = parts.count == 2 ? (providers.first { $0.value == parts[0] }?.key ?? parts[0]) : nil
            entries.append(("model", .value(.string(provider.map { "\($0)/\(parts[1])" } ?? model))))
        }
        if let description = draft.description { entries.append(("description", .value(.string(description)))) }
        let names = Dictionary(uniqueKeysWithValues: configNames.map { ($1, $0) })
        let (params, lostParams) = export.params(renamed: names)
        lost += lostParams
        if !params.isEmpty { entries.append(("config", .mapping(params.map { ($0.0, .json($0.1)) }))) }
        if !draft.inputs.isEmpty {
            var input: [(String, YAMLWriter.Node)] = [
                (
                    "schema",
                    .mapping(draft.inputs.map { (Picoschema.key(for: $0), .value(.string(Picoschema.type(for: $0)))) })
                )
            ]
            let defaults = draft.inputs.compactMap { spec in
                spec.defaultValue.map { (spec.name, YAMLWriter.Node.json($0)) }
            }
            if !defaults.isEmpty { input.append(("default", .mapping(defaults))) }
            entries.append(("input", .mapping(input)))
        }
        switch draft.responseFormat {
        case .json?: entries.append(("output", .mapping([("format", .value("json"))])))
        case .jsonSchema(_, let schema, _)?:
            entries.append(("output", .mapping([("format", .value("json")), ("schema", .json(schema))])))
        case nil: break
        }
        if !draft.tools.isEmpty { lost.append("tools (Dotprompt names tools defined in code)") }
        let lists = Set(draft.inputs.filter { $0.type == .array }.map(\.name))
        var text = (entries.isEmpty ? "" : "---\n" + YAMLWriter.document(entries) + "---\n")
        for message in draft.messages where message.conversation == nil {
            text +=
                "{{role \"\(message.role.rawValue)\"}}\n" + HandlebarsText.handlebars(message.content, lists: lists)
                + "\n"
        }
        return (text, lost)
    }
}
