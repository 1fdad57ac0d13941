import Foundation

/// A judge's rubric: a prompt file (so it is versioned like any prompt) rendered with the
/// row's inputs, `output`, `expected` and, for pairwise judges, `output_a` and `output_b`,
/// followed by the answer format the judge must use. Sent to the judge model at
/// temperature 0 unless the rubric's params say otherwise.
struct JudgeRubric: Sendable {
    let promptID: String
    let file: PromptFile
    let model: ResolvedModel
    let caller: JudgeCaller

    /// Reads `rubric` (a prompt id) from the working tree and resolves the judge model:
    /// the evaluator's `model`, else the rubric's, else `defaults.model`.
    init(_ settings: inout EvaluatorSettings, root: URL, config: ProjectConfig, caller: JudgeCaller?)
        throws(EvaluatorError)
    {
        guard let caller else { throw settings.fail("judges need model calls, which this command does not make") }
        guard let rubric = try settings.string("rubric") else {
            throw settings.fail(
                "\(settings.config.kind) needs a rubric: the id of a prompt file (such as judges/helpful)")
        }
        let id: String
        do {
            id = try PromptID.normalized(rubric)
        } catch {
            throw settings.fail("\(error)")
        }
        let path = ProjectLayout.prompt(id)
        do {
            try ProjectFileCheck.requireRegularFile(root.appendingPathComponent(path), root: root, display: path)
        } catch {
            throw settings.fail("rubric \(error)")
        }
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
            throw settings.fail("rubric '\(rubric)': no file \(path)")
        }
        do {
            file = try PromptFile(data: data, path: path)
        } catch {
            throw settings.fail("rubric \(error)")
        }
        let references = config.modelReferences(
            requested: try settings.string("model").map { [$0] } ?? [],
            defaults: [file.frontMatter.model].compactMap { $0 })
        guard let reference = references.first else {
            throw settings.fail("no judge model: set model on the evaluator, in the rubric, or defaults.model")
        }
        do {
            model = try config.resolveModel(reference)
            try caller.prepare(model)
        } catch {
            throw settings.fail("judge model: \(error)")
        }
        promptID = id
        self.caller = caller
    }

    /// Renders the rubric with `context` and the answer format, and asks the judge.
    /// Returns the JSON object the judge answered, or an evaluation error.
    func ask(_ context: [String: JSONValue], format: String) async -> Result<JSONValue, EvaluationFailure> {
        var messages: [ChatMessage]
        do {
            messages = try file.render(context, promptID: promptID, rowLabel: "judge input")
        } catch {
            return .failure(EvaluationFailure("rubric \(promptID): \(error)"))
        }
        let instruction = "Answer with only a JSON object, no other text: \(format)"
        if let last = messages.indices.last, messages[last].role == .user {
            messages[last].content += "\n\n" + instruction
        } else {
            messages.append(ChatMessage(role: .user, content: instruction))
        }
        var params = model.params
        params["temperature"] = 0
        for (key, value) in file.frontMatter.params { params[key] = value }
        switch await caller.complete(
            ChatRequest(model: model.modelID, messages: messages, params: params), model: model)
        {
        case .failure(let error): return .failure(EvaluationFailure("judge call failed: \(error.description)"))
        case .success(let response): return Self.parse(response.text)
        }
    }

    /// The first JSON object in the answer (judges often wrap it in prose or a fence).
    static func parse(_ text: String) -> Result<JSONValue, EvaluationFailure> {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close,
            let value = try? JSONValue.parse(Data(text[open...close].utf8)), value.objectValue != nil
        else {
            let shown = text.count > 120 ? String(text.prefix(117)) + "…" : text
            return .failure(EvaluationFailure("the judge did not answer a JSON object: \(shown)"))
        }
        return .success(value)
    }

    /// The row's inputs with `output` and `expected`, for the rubric's template.
    static func context(_ input: EvaluationInput) -> [String: JSONValue] {
        var context = input.row.inputs
        context["output"] = .string(input.output)
        context["expected"] = .string(input.row.expected?.displayText ?? "")
        return context
    }
}

/// Why an evaluation could not be made.
struct EvaluationFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
