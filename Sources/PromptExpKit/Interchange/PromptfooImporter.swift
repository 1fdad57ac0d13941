import Foundation

/// `promptexp import promptfoo promptfooconfig.yaml`: prompts (inline and `file://`, text
/// or chat JSON) become prompt files, providers the models, tests (inline, or a `file://`
/// CSV, YAML or JSON file) the rows of one dataset, and asserts evaluators. An assert that
/// every test case carries with the same value becomes one evaluator with that value; one
/// that differs per test case keeps its value in the row (`expect.FIELD`) and checks only
/// the rows that have one (`only_if`). Everything else is listed, one line each.
struct PromptfooImporter {
    let source: ImportSource
    let name: String
    var plan: ImportPlan
    /// `defaultTest.options.provider`: the judges' model.
    var judgeModel: String?

    /// A test case: its inputs, description, and converted asserts.
    struct TestCase {
        var vars: [String: JSONValue]
        var description: String?
        var assertions: [PromptfooAssertion]
    }

    static let handledKeys: Set<String> = ["description", "prompts", "providers", "tests", "defaultTest"]
    static let ignoredKeys: [String: String] = [
        "env":
            "environment settings stay out of the repository; provider keys are read from the variables .promptexp/config.yaml names",
        "outputPath": "promptexp commits results under .promptexp/experiments",
        "sharing": "promptexp shares results through git", "writeLatestResults": "promptexp commits every run",
        "evaluateOptions": "set concurrency and limits in .promptexp/config.yaml",
        "commandLineOptions": "promptexp's options are its own",
    ]

    static func plan(_ source: ImportSource, name: String) throws(InterchangeError) -> ImportPlan {
        var importer = PromptfooImporter(
            source: source, name: name, plan: ImportPlan(format: .promptfoo, source: source.path))
        try importer.run()
        return importer.plan
    }

    private mutating func run() throws(InterchangeError) {
        let root = try source.yaml()
        guard let entries = root.entries else { throw .malformed(root.location, "a promptfoo config is a mapping") }
        for entry in entries where !Self.handledKeys.contains(entry.key) {
            let why = Self.ignoredKeys[entry.key] ?? "promptexp has no equivalent"
            plan.unconverted.append("\(entry.keyLocation): \(entry.key): not imported: \(why)")
        }
        guard let promptsNode = root["prompts"] else {
            throw .malformed(root.location, "no prompts: a promptfoo config lists its prompts under prompts:")
        }
        let description = root["description"].flatMap { try? $0.string("description") }
        let models = readProviders(root["providers"])
        var defaults = TestCase(vars: [:], assertions: [])
        if let defaultTest = root["defaultTest"] {
            if let provider = defaultTest["options"]?["provider"] {
                judgeModel = (try? provider.string("provider")).flatMap(PromptfooProvider.model(for:))
                if judgeModel == nil {
                    unconverted(provider, "defaultTest.options.provider: not a model promptexp can call")
                }
            }
            defaults = try readTest(defaultTest, what: "defaultTest")
        }
        var cases: [TestCase] = []
        for node in Self.items(root["tests"]) {
            if case .scalar = node.kind {
                cases += try readTestFile(node)
            } else {
                cases += try expand(try readTest(node, what: "a test"))
            }
        }
        cases = cases.map {
            TestCase(
                vars: defaults.vars.merging($0.vars) { _, own in own }, description: $0.description,
                assertions: defaults.assertions + $0.assertions)
        }
        let evaluatorNames = materialize(&cases)
        let datasetPath = "\(ProjectLayout.datasets)/\(name).jsonl"
        if !cases.isEmpty {
            plan.datasetPath = datasetPath
            plan.rows = cases.map { test in
                var metadata: [String: JSONValue] = [:]
                if let description = test.description { metadata["description"] = .string(description) }
                return DatasetRow(inputs: test.vars, metadata: metadata)
            }
        }
        let prompts = try readPrompts(promptsNode)
        var drafts: [PromptDraft] = []
        for (index, prompt) in prompts.enumerated() {
            var draft = prompt
            draft.id = prompts.count == 1 ? name : "\(name)/\(prompt.id.isEmpty ? String(index + 1) : prompt.id)"
            draft.description = draft.description ?? description
            draft.model = models.first
            draft.params = params
            draft.tests = TestsSpec(
                dataset: cases.isEmpty ? nil : datasetPath, evaluators: evaluatorNames,
                models: models.count > 1 ? models : [])
            drafts.append(draft)
        }
        // The prompts first, then the judges' rubrics.
        plan.prompts = drafts + plan.prompts
        if drafts.count > 1 {
            plan.notes.append(
                "promptfoo compared \(drafts.count) prompts side by side; each is its own prompt file here: to compare two, make one the candidate of an experiment on the other (promptexp exp new NAME --prompt \(drafts[0].id)) and paste the other's text in"
            )
        }
        if !params.isEmpty {
            plan.notes.append(
                "the first provider's settings became the prompts' params: \(params.keys.sorted().joined(separator: ", "))"
            )
        }
    }

    // MARK: Prompts

    private mutating func readPrompts(_ node: YAMLNode) throws(InterchangeError) -> [PromptDraft] {
        var drafts: [PromptDraft] = []
        var listed: [(YAMLNode, label: String?)] = []
        switch node.kind {
        case .mapping(let entries):
            // `{file://a.txt: label}`
            listed = entries.map {
                (YAMLNode(kind: .scalar($0.key, quoted: true), location: $0.keyLocation), try? $0.value.string("label"))
            }
        default:
            listed = Self.items(node).map { ($0, nil) }
        }
        for (item, label) in listed {
            var text: String?
            var itemLabel = label
            if let entries = item.entries {
                itemLabel = item["label"].flatMap { try? $0.string("label") } ?? itemLabel
                text = (item["raw"] ?? item["id"]).flatMap { try? $0.string("prompt") }
                for entry in entries where !["raw", "id", "label"].contains(entry.key) {
                    unconverted(entry.value, "prompt option '\(entry.key)': promptexp has no equivalent")
                }
            } else {
                text = try? item.string("a prompt")
            }
            guard let text else {
                unconverted(item, "a prompt that is not text")
                continue
            }
            for var draft in try prompts(from: text, at: item) {
                if let itemLabel { draft.id = Self.slug(itemLabel) }
                drafts.append(draft)
            }
        }
        if drafts.isEmpty { throw .malformed(node.location, "no prompt here could be imported (see above)") }
        return drafts
    }

    /// The drafts a prompt entry gives: a file's text (split at `---` lines, as promptfoo
    /// does), chat JSON, or the text itself.
    private mutating func prompts(from text: String, at node: YAMLNode) throws(InterchangeError) -> [PromptDraft] {
        var body = text
        var place = "\(node.location)"
        if text.hasPrefix("file://") {
            let reference = String(text.dropFirst(7))
            let file = reference.split(separator: ":").first.map(String.init) ?? reference
            let fileExtension = (file as NSString).pathExtension.lowercased()
            guard ["txt", "md", "json", "yaml", "yml", "j2", "prompt", ""].contains(fileExtension), !file.contains("*")
            else {
                unconverted(
                    node,
                    "\(text): a prompt made by code or a glob cannot be converted: promptexp prompts are Mustache text")
                return []
            }
            let read = try source.read(file)
            body = read.text
            place = read.path
            if ["json", "yaml", "yml"].contains(fileExtension) {
                return chat(body, at: place).map { [$0] } ?? []
            }
            let parts = body.components(separatedBy: "\n---\n")
            return parts.enumerated().compactMap { index, part in
                message(part, at: parts.count > 1 ? "\(place) part \(index + 1)" : place)
            }
        }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("["), let draft = chat(body, at: place) {
            return [draft]
        }
        return message(body, at: place).map { [$0] } ?? []
    }

    private mutating func message(_ text: String, at place: String) -> PromptDraft? {
        let (converted, problems) = NunjucksText.mustache(text.trimmingCharacters(in: .whitespacesAndNewlines))
        for problem in problems {
            plan.unconverted.append("\(place): \(problem); left in the text for you to rewrite in Mustache")
        }
        return PromptDraft(id: "", messages: [.init(role: .user, content: converted)])
    }

    /// promptfoo's chat form: a JSON (or YAML) list of `{role, content}`.
    private mutating func chat(_ text: String, at place: String) -> PromptDraft? {
        guard let node = try? YAMLNode.parse(text, path: place), case .sequence(let items) = node.kind, !items.isEmpty
        else {
            plan.unconverted.append("\(place): not a list of {role, content} messages")
            return nil
        }
        var draft = PromptDraft(id: "")
        for item in items {
            guard let role = item["role"].flatMap({ try? $0.string("role") }).flatMap(ChatMessage.Role.init(rawValue:)),
                role != .tool, let content = item["content"].flatMap({ try? $0.string("content") })
            else {
                unconverted(item, "a message that is not {role: system|user|assistant, content: text}")
                continue
            }
            let (converted, problems) = NunjucksText.mustache(content)
            for problem in problems { unconverted(item, "\(problem); left in the text for you to rewrite in Mustache") }
            draft.messages.append(.init(role: role, content: converted))
        }
        return draft.messages.isEmpty ? nil : draft
    }

    // MARK: Providers

    private mutating func readProviders(_ node: YAMLNode?) -> [String] {
        var models: [String] = []
        for item in Self.items(node) {
            let id = item.entries == nil ? (try? item.string("provider")) : item["id"].flatMap { try? $0.string("id") }
            guard let id, let model = PromptfooProvider.model(for: id) else {
                unconverted(
                    item,
                    "provider \(id ?? "(not a name)"): not a model promptexp can call; add it to .promptexp/config.yaml by hand"
                )
                continue
            }
            models.append(model)
            for entry in item["config"]?.entries ?? [] {
                if Self.sampling.contains(entry.key), models.count == 1 {
                    params[entry.key] = entry.value.json
                } else {
                    unconverted(entry.value, "provider \(id) config '\(entry.key)': not imported")
                }
            }
        }
        return models
    }

    static let sampling: Set<String> = [
        "temperature", "max_tokens", "top_p", "seed", "stop", "frequency_penalty", "presence_penalty",
    ]
    /// The first provider's sampling settings: the prompts' `params`.
    var params: [String: JSONValue] = [:]

    // MARK: Tests

    private mutating func readTest(_ node: YAMLNode, what: String) throws(InterchangeError) -> TestCase {
        guard let entries = node.entries else { throw .malformed(node.location, "\(what) must be a mapping") }
        var test = TestCase(vars: [:], assertions: [])
        for entry in entries {
            switch entry.key {
            case "vars":
                guard let vars = entry.value.entries else {
                    throw .malformed(entry.value.location, "vars must be a mapping")
                }
                for variable in vars { test.vars[variable.key] = try varValue(variable.value) }
            case "description": test.description = try? entry.value.string("description")
            case "assert":
                for assertNode in Self.items(entry.value) {
                    guard let type = assertNode["type"].flatMap({ try? $0.string("type") }) else {
                        unconverted(assertNode, "an assert without a type")
                        continue
                    }
                    let value = assertNode["value"]?.json
                    switch PromptfooAssertion.convert(
                        type: type, value: value, node: assertNode, judgeModel: judgeModel)
                    {
                    case .success(let assertion): test.assertions.append(assertion)
                    case .failure(let refusal):
                        unconverted(assertNode, "assert \(type): not imported: \(refusal.reason)")
                    }
                }
            case "options" where what == "defaultTest": continue
            case "metadata": continue
            default: unconverted(entry.value, "\(what)'s '\(entry.key)': promptexp has no equivalent")
            }
        }
        return test
    }

    /// A var's value: `file://` texts are read in (promptfoo does the same).
    private func varValue(_ node: YAMLNode) throws(InterchangeError) -> JSONValue {
        let value = node.json
        if let text = value.stringValue, text.hasPrefix("file://") {
            return .string(try source.read(text).text)
        }
        return value
    }

    /// promptfoo runs every combination of list-valued vars.
    private func expand(_ test: TestCase) -> [TestCase] {
        var cases = [test]
        for key in test.vars.keys.sorted() {
            guard let values = test.vars[key]?.arrayValue, !values.isEmpty else { continue }
            cases = cases.flatMap { one in
                values.map { value in
                    var copy = one
                    copy.vars[key] = value
                    return copy
                }
            }
        }
        return cases
    }

    private mutating func readTestFile(_ node: YAMLNode) throws(InterchangeError) -> [TestCase] {
        guard let reference = try? node.string("tests") else { return [] }
        let read = try source.read(reference)
        if reference.lowercased().hasSuffix(".csv") { return csvTests(read.text, path: read.path) }
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.hasSuffix(".json") {
            let parsed: YAMLNode
            do {
                parsed = try YAMLNode.parse(read.text, path: read.path)
            } catch {
                throw .malformed(error.location, error.message)
            }
            var cases: [TestCase] = []
            for item in Self.items(parsed) { cases += expand(try readTest(item, what: "a test")) }
            return cases
        }
        unconverted(node, "\(reference): tests from this kind of file are not imported; use CSV, YAML or JSON")
        return []
    }

    /// promptfoo's CSV: one column per var, `__expected…` columns of asserts written
    /// `type: value` (plain text: `equals`), `__description`.
    private mutating func csvTests(_ text: String, path: String) -> [TestCase] {
        let table = CSVTable(text)
        var cases: [TestCase] = []
        for (line, cells) in table.rows {
            var test = TestCase(vars: [:], assertions: [])
            for (index, column) in table.header.enumerated() where index < cells.count {
                let cell = cells[index]
                if column.hasPrefix("__expected") {
                    guard !cell.isEmpty else { continue }
                    let (type, value) = Self.csvAssert(cell)
                    switch PromptfooAssertion.convert(type: type, value: value, node: nil, judgeModel: judgeModel) {
                    case .success(let assertion): test.assertions.append(assertion)
                    case .failure(let refusal):
                        plan.unconverted.append(
                            "\(path):\(line): \(column) '\(cell.prefix(40))': not imported: \(refusal.reason)")
                    }
                } else if column == "__description" {
                    test.description = cell
                } else if column.hasPrefix("__") {
                    plan.unconverted.append("\(path):\(line): column \(column): promptexp has no equivalent")
                } else {
                    test.vars[column] = .string(cell)
                }
            }
            cases.append(test)
        }
        return cases
    }

    static let csvPrefixes: [(String, String)] = [
        ("fn:", "javascript"), ("eval:", "javascript"), ("grade:", "llm-rubric"),
    ]

    /// `contains: foo` → (contains, foo); `is-json` → (is-json, nil); plain text → (equals, text).
    static func csvAssert(_ cell: String) -> (String, JSONValue?) {
        for (prefix, type) in csvPrefixes where cell.hasPrefix(prefix) {
            return (type, .string(cell.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)))
        }
        if let colon = cell.firstIndex(of: ":") {
            let type = String(cell[..<colon])
            if type.allSatisfy({ $0.isLetter || $0 == "-" }), !type.isEmpty, type == type.lowercased() {
                return (type, .string(cell[cell.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        if ["is-json", "not-is-json"].contains(cell) { return (cell, nil) }
        return ("equals", .string(cell))
    }

    // MARK: Evaluators

    /// Turns the asserts into evaluators: one per kind of assert (per position, when a test
    /// has several of the same kind), its value inline when every test case has the same
    /// one, else in each row under `expect`. Returns the evaluators' names.
    private mutating func materialize(_ cases: inout [TestCase]) -> [String] {
        var order: [String] = []
        var groups: [String: [(test: Int, assertion: PromptfooAssertion)]] = [:]
        for (index, test) in cases.enumerated() {
            var seen: [String: Int] = [:]
            for assertion in test.assertions {
                let count = (seen[assertion.signature] ?? 0) + 1
                seen[assertion.signature] = count
                let key = assertion.signature + "#\(count)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append((index, assertion))
            }
        }
        var names: [String] = []
        var fields: Set<String> = []
        for key in order {
            guard let members = groups[key], let first = members.first?.assertion else { continue }
            let value = first.value ?? .null
            let values = Set(members.map { $0.assertion.value?.canonicalJSON ?? "" })
            let constant = members.count == cases.count && values.count == 1
            var field = Self.slug(first.stem).replacingOccurrences(of: "-", with: "_")
            var number = 2
            let stemField = field
            while fields.contains(field) {
                field = "\(stemField)_\(number)"
                number += 1
            }
            let path = "expect.\(field)"
            var settings = first.settings
            let evaluatorName = "\(Self.slug(name))-\(first.stem)"
            switch first.shape {
            case .fixed: break
            case .match(let valueKey):
                settings.insert((valueKey, constant ? value : .string("{{\(path)}}")), at: 0)
            case .several(let any, let ignoreCase):
                if constant {
                    settings.insert(
                        contentsOf: [("values", value), ("match", .string(any ? "any" : "all"))], at: 0)
                } else {
                    settings =
                        [("pattern", .string("{{\(path)}}"))] + (ignoreCase ? [("ignore_case", true)] : []) + settings
                }
            case .judge(let instruction):
                let rubric = Self.rubric(
                    id: "judges/\(Self.slug(name))-\(first.stem)", instruction: instruction,
                    text: constant ? value.stringValue ?? "" : "{{\(path)}}", unique: plan.prompts.map(\.id))
                plan.prompts.append(rubric)
                settings.insert(("rubric", .string(rubric.id)), at: 0)
            case .code(let language):
                let script = language == "python" ? PromptfooScripts.pythonPath : PromptfooScripts.javascriptPath
                let program = language == "python" ? "python3" : "node"
                if !plan.files.contains(where: { $0.path == script }) {
                    plan.files.append(
                        .init(
                            path: script,
                            text: language == "python" ? PromptfooScripts.python : PromptfooScripts.javascript,
                            executable: true))
                }
                let code = value.stringValue ?? ""
                let argument: [String]
                if constant, code.hasPrefix("file://") {
                    argument = ["--module", moduleFile(String(code.dropFirst(7)), language: language)]
                } else if constant {
                    let file =
                        "\(PromptfooScripts.folder)/\(Self.slug(name))-\(field).\(language == "python" ? "py" : "js")"
                    plan.files.append(.init(path: file, text: code.hasSuffix("\n") ? code : code + "\n"))
                    argument = ["--code-file", file]
                } else {
                    argument = ["--field", path]
                }
                settings.insert(("command", .array(([program, script] + argument).map(JSONValue.string))), at: 0)
            }
            if !constant { settings.append(("only_if", .string(path))) }
            var kind = first.kind
            // Several texts that differ per row are one regular expression in the row.
            if case .several = first.shape, !constant { kind = "regex" }
            names.append(plan.add(ImportPlan.EvaluatorEntry(name: evaluatorName, kind: kind, settings)))
            if !constant {
                fields.insert(field)
                for (index, assertion) in members {
                    var expect = cases[index].vars["expect"]?.objectValue ?? [:]
                    if case .several(let any, _) = assertion.shape {
                        expect[field] = .string(
                            PromptfooAssertion.pattern(for: assertion.value?.arrayValue ?? [], any: any))
                    } else if case .code = assertion.shape, assertion.value?.stringValue?.hasPrefix("file://") == true {
                        plan.unconverted.append(
                            "\(assertion.stem) file:// in test \(index + 1): a per-test code file is not imported; give the code inline or in defaultTest"
                        )
                        continue
                    } else {
                        expect[field] = assertion.value ?? .null
                    }
                    cases[index].vars["expect"] = .object(expect)
                }
            }
        }
        return names
    }

    /// A copy of a user's assert module beside the helper, so the evaluator runs from the repository.
    private mutating func moduleFile(_ reference: String, language: String) -> String {
        let file = reference.split(separator: ":").first.map(String.init) ?? reference
        let function =
            reference.contains(":") ? ":" + reference.split(separator: ":").dropFirst().joined(separator: ":") : ""
        let target = "\(PromptfooScripts.folder)/\((file as NSString).lastPathComponent)"
        if let read = try? source.read(file) {
            if !plan.files.contains(where: { $0.path == target }) {
                plan.files.append(.init(path: target, text: read.text))
            }
        } else {
            plan.unconverted.append("\(file): cannot be read; copy it to \(target) by hand")
        }
        return target + function
    }

    /// The rubric prompt of an imported judge: the rubric, then the output to grade.
    static func rubric(id: String, instruction: String, text: String, unique: [String]) -> PromptDraft {
        var draft = PromptDraft(
            id: id,
            messages: [
                .init(
                    role: .system,
                    content:
                        "You grade the output of another model. Judge only what you are asked; ignore its style otherwise."
                ),
                .init(
                    role: .user,
                    content: "\(instruction)\n\n<rubric>\n\(text)\n</rubric>\n\n<output>\n{{output}}\n</output>"),
            ])
        draft.description = "Judge written by promptexp import from a promptfoo assert"
        var number = 2
        let base = id
        while unique.contains(draft.id) {
            draft.id = "\(base)-\(number)"
            number += 1
        }
        return draft
    }

    // MARK: Helpers

    /// A node's items: a list's, or the node itself.
    static func items(_ node: YAMLNode?) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        if case .sequence(let items) = node.kind { return items }
        return [node]
    }

    /// Lower-case letters, digits and `-`: a name for files and evaluators.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.hasSuffix("-"), !out.isEmpty {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "prompt" : out
    }

    private mutating func unconverted(_ node: YAMLNode, _ message: String) {
        plan.unconverted.append("\(node.location): \(message)")
    }
}
