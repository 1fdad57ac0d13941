import Foundation

/// `promptexp import openai-evals EVAL.json --run RUN.json --items ITEMS.jsonl`: an OpenAI
/// Evals export. The eval (`GET /v1/evals/{id}`) gives the item schema and the testing
/// criteria; a run (`GET /v1/evals/{id}/runs/{run}`) the prompt (`input_messages`), the
/// model and its sampling parameters; the items (the uploaded JSONL, `{"item": {…}}` a line)
/// the dataset. `{{item.x}}` becomes `{{x}}` and `{{sample.output_text}}` the output.
struct OpenAIEvalsImporter {
    var plan: ImportPlan
    let name: String

    static func plan(_ source: ImportSource, name: String, run: ImportSource? = nil, items: ImportSource? = nil)
        throws(InterchangeError) -> ImportPlan
    {
        var importer = OpenAIEvalsImporter(plan: ImportPlan(format: .openaiEvals, source: source.path), name: name)
        let eval = try Self.json(source)
        guard eval["testing_criteria"] != nil || eval["data_source_config"] != nil else {
            throw .malformed(
                SourceLocation(path: source.path, line: 1),
                "not an OpenAI eval: it has neither testing_criteria nor data_source_config")
        }
        let runObject: JSONValue? = try run.map(Self.json) ?? eval["run"] ?? eval["runs"]?.arrayValue?.first
        guard let runObject, let dataSource = runObject["data_source"] else {
            throw .malformed(
                SourceLocation(path: run?.path ?? source.path, line: 1),
                "no run: the prompt of an OpenAI eval is in a run's data_source.input_messages; pass --run RUN.json")
        }
        let draft = try importer.prompt(dataSource, at: run?.path ?? source.path)
        if let items {
            try importer.readItems(items)
        } else if let content = dataSource["source"]?["content"]?.arrayValue {
            importer.plan.rows = content.compactMap { line in
                (line["item"] ?? line).objectValue.map { DatasetRow(inputs: $0) }
            }
        } else {
            importer.plan.unconverted.append(
                "\(run?.path ?? source.path): the items are in OpenAI file \(dataSource["source"]?["id"]?.stringValue ?? "(unknown)"): download it and pass --items FILE.jsonl"
            )
        }
        for (index, criterion) in (eval["testing_criteria"]?.arrayValue ?? []).enumerated() {
            importer.criterion(criterion, index: index + 1, at: source.path)
        }
        var prompt = draft
        prompt.description = eval["name"]?.stringValue.map { "Imported from the OpenAI eval '\($0)'" }
        if !importer.plan.rows.isEmpty { importer.plan.datasetPath = "\(ProjectLayout.datasets)/\(name).jsonl" }
        prompt.tests = TestsSpec(dataset: importer.plan.datasetPath, evaluators: importer.plan.evaluators.map(\.name))
        importer.plan.prompts.insert(prompt, at: 0)
        return importer.plan
    }

    static func json(_ source: ImportSource) throws(InterchangeError) -> JSONValue {
        do {
            return try JSONParser.parse(Array(source.text.utf8))
        } catch {
            throw .malformed(SourceLocation(path: source.path, line: error.line, column: error.column), error.message)
        }
    }

    /// The run's message template as a prompt; `developer` messages are system messages.
    private mutating func prompt(_ dataSource: JSONValue, at path: String) throws(InterchangeError) -> PromptDraft {
        var draft = PromptDraft(id: name)
        guard let template = dataSource["input_messages"]?["template"]?.arrayValue else {
            throw .malformed(
                SourceLocation(path: path, line: 1),
                "the run has no input_messages template (a run over stored responses has no prompt to import)")
        }
        for message in template {
            let role = message["role"]?.stringValue == "developer" ? "system" : message["role"]?.stringValue ?? "user"
            let content = message["content"]?.stringValue ?? message["content"]?["text"]?.stringValue
            guard let chatRole = ChatMessage.Role(rawValue: role), chatRole != .tool, let content else {
                plan.unconverted.append("\(path): a message of role \(role) that is not text")
                continue
            }
            draft.messages.append(.init(role: chatRole, content: convert(content, at: path)))
        }
        if let model = dataSource["model"]?.stringValue { draft.model = "openai/\(model)" }
        let names = [
            "temperature": "temperature", "max_completion_tokens": "max_tokens", "top_p": "top_p", "seed": "seed",
        ]
        for (key, value) in (dataSource["sampling_params"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let name = names[key] {
                draft.params[name] = value
            } else {
                plan.unconverted.append("\(path): sampling_params.\(key): not imported")
            }
        }
        return draft
    }

    private mutating func readItems(_ items: ImportSource) throws(InterchangeError) {
        for (index, line) in items.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(line.utf8))
            } catch {
                throw .malformed(SourceLocation(path: items.path, line: index + 1, column: error.column), error.message)
            }
            guard let inputs = (value["item"] ?? value).objectValue else {
                throw .malformed(SourceLocation(path: items.path, line: index + 1), "an item must be a JSON object")
            }
            plan.rows.append(DatasetRow(inputs: inputs, line: index + 1))
        }
    }

    /// `{{ item.x }}` → `{{x}}`, `{{ sample.output_text }}` → `{{output}}`.
    private mutating func convert(_ text: String, at place: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if inner.hasPrefix("item.") {
                out += "{{\(inner.dropFirst(5))}}"
            } else if inner == "sample.output_text" {
                out += "{{output}}"
            } else {
                out += "{{! not converted: \(inner) }}"
                plan.unconverted.append(
                    "\(place): {{\(inner)}} has no promptexp equivalent; left as a comment for you to rewrite")
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    private mutating func criterion(_ criterion: JSONValue, index: Int, at path: String) {
        let type = criterion["type"]?.stringValue ?? "(no type)"
        let label = criterion["name"]?.stringValue ?? "\(type) \(index)"
        let evaluatorName = "\(PromptfooImporter.slug(name))-\(PromptfooImporter.slug(label))"
        let place = "\(path): testing_criteria[\(index)] '\(label)'"
        func isOutput(_ value: JSONValue?) -> Bool {
            value?.stringValue.map { $0.replacingOccurrences(of: " ", with: "") == "{{sample.output_text}}" } ?? false
        }
        switch type {
        case "string_check":
            let operations = [
                "eq": ("equals", false), "ne": ("equals", true), "like": ("contains", false),
                "ilike": ("icontains", false),
            ]
            guard isOutput(criterion["input"]), let reference = criterion["reference"]?.stringValue,
                let (kind, negate) = operations[criterion["operation"]?.stringValue ?? ""]
            else {
                plan.unconverted.append(
                    "\(place): only checks of {{sample.output_text}} with eq, ne, like or ilike are imported")
                return
            }
            var settings: [(String, JSONValue)] = [("value", .string(convert(reference, at: place)))]
            if negate { settings.append(("negate", true)) }
            _ = plan.add(.init(name: evaluatorName, kind: kind, settings))
        case "text_similarity":
            let methods = ["fuzzy_match": "levenshtein", "rouge_l": "rouge-l"]
            let metric = criterion["evaluation_metric"]?.stringValue ?? ""
            guard isOutput(criterion["input"]), let reference = criterion["reference"]?.stringValue,
                let method = methods[metric]
            else {
                plan.unconverted.append(
                    "\(place): text_similarity by \(metric) is not imported (promptexp measures fuzzy_match and rouge_l)"
                )
                return
            }
            var settings: [(String, JSONValue)] = [
                ("value", .string(convert(reference, at: place))), ("method", .string(method)),
            ]
            if let threshold = criterion["pass_threshold"]?.doubleValue {
                settings.append(("threshold", .double(threshold)))
            }
            _ = plan.add(.init(name: evaluatorName, kind: "similarity", settings))
        case "score_model", "label_model":
            var rubric = PromptDraft(id: "judges/\(evaluatorName)")
            for message in criterion["input"]?.arrayValue ?? [] {
                let role =
                    message["role"]?.stringValue == "developer" ? "system" : message["role"]?.stringValue ?? "user"
                guard let chatRole = ChatMessage.Role(rawValue: role), chatRole != .tool,
                    let content = message["content"]?.stringValue ?? message["content"]?["text"]?.stringValue
                else { continue }
                rubric.messages.append(.init(role: chatRole, content: convert(content, at: place)))
            }
            guard !rubric.messages.isEmpty else {
                plan.unconverted.append("\(place): a grader without text messages")
                return
            }
            rubric.description = "Grader '\(label)' imported from an OpenAI eval"
            var settings: [(String, JSONValue)] = [("rubric", .string(rubric.id))]
            if let model = criterion["model"]?.stringValue { settings.append(("model", .string("openai/\(model)"))) }
            if type == "score_model" {
                let range = criterion["range"]?.arrayValue?.compactMap(\.doubleValue) ?? [0, 1]
                let (low, high) = (range.first ?? 0, range.last ?? 1)
                settings += [("scale", "range"), ("range", 10)]
                if let pass = criterion["pass_threshold"]?.doubleValue, high > low {
                    settings.append(("threshold", .double(((pass - low) / (high - low) * 1000).rounded() / 1000)))
                }
                plan.notes.append(
                    "grader '\(label)': the judge answers 1 to 10 here (it scored \(low) to \(high)); the pass mark is scaled to match"
                )
            } else {
                let passing = Set(criterion["passing_labels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let labels = criterion["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard !labels.isEmpty else {
                    plan.unconverted.append("\(place): a label_model grader without labels")
                    return
                }
                let choices = Dictionary(
                    uniqueKeysWithValues: labels.map { ($0, JSONValue.int(passing.contains($0) ? 1 : 0)) })
                settings += [("scale", "choice"), ("choices", .object(choices))]
            }
            plan.prompts.append(rubric)
            _ = plan.add(.init(name: evaluatorName, kind: "llm-judge", settings))
        case "python":
            guard let code = criterion["source"]?.stringValue else {
                plan.unconverted.append("\(place): a python grader without source")
                return
            }
            let file =
                "\(Self.graderFolder)/\(evaluatorName).py"
            plan.files.append(.init(path: file, text: code + "\n" + Self.pythonRunner, executable: true))
            var settings: [(String, JSONValue)] = [("command", ["python3", .string(file)])]
            if let threshold = criterion["pass_threshold"]?.doubleValue {
                settings.append(("threshold", .double(threshold)))
            }
            _ = plan.add(.init(name: evaluatorName, kind: "command", settings))
        default:
            plan.unconverted.append("\(place): a \(type) grader has no promptexp equivalent")
        }
    }

    /// Where the python graders are written, beside promptfoo's helpers.
    static let graderFolder = ".promptexp/evaluators/openai-evals"

    /// Appended to a python grader's source: calls its `grade(sample, item)` with what
    /// promptexp's command evaluator sends, and answers the score.
    static let pythonRunner = #"""

        # Added by `promptexp import openai-evals`: runs grade() as a promptexp command evaluator.
        if __name__ == "__main__":
            import json as _json, sys as _sys
            _request = _json.load(_sys.stdin)
            _output = _request.get("output") or ""
            _sample = {"output_text": _output, "choices": [{"message": {"role": "assistant", "content": _output}}]}
            _score = float(grade(_sample, _request["row"]["inputs"]))
            _json.dump({"score": max(0.0, min(1.0, _score)), "reason": "grade() returned %s" % _score}, _sys.stdout)

        """#
}
