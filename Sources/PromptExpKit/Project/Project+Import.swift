public import Foundation

extension Project {
    /// What importing `url` (another tool's file) would write, without writing anything.
    /// `name` is the prompt id (and the dataset's name); nil: from the file's name.
    /// `run` and `items` are an OpenAI eval's run and items files.
    public func importPlan(
        _ format: ImportFormat, from url: URL, shownAs path: String, name: String?,
        run: (url: URL, path: String)? = nil, items: (url: URL, path: String)? = nil
    ) throws -> ImportPlan {
        let source = try ImportSource(url: url, shownAs: path)
        let id = try PromptID.normalized(name ?? Self.importName(for: url, format: format))
        var plan: ImportPlan
        switch format {
        case .promptfoo: plan = try PromptfooImporter.plan(source, name: id)
        case .openaiEvals:
            plan = try OpenAIEvalsImporter.plan(
                source, name: id, run: try run.map { try ImportSource(url: $0.url, shownAs: $0.path) },
                items: try items.map { try ImportSource(url: $0.url, shownAs: $0.path) })
        case .promptYML: plan = try GitHubPromptFormat.plan(source, name: id)
        case .prompty: plan = try PromptyFormat.plan(source, name: id)
        case .dotprompt: plan = try DotpromptFormat.plan(source, name: id)
        case .json: plan = try PromptJSONFormat.plan(source, name: id)
        }
        for reference in Set(plan.prompts.flatMap { [$0.model].compactMap { $0 } + ($0.tests?.models ?? []) }).sorted()
        {
            do {
                _ = try config.resolveModel(reference)
            } catch {
                plan.notes.append(
                    "model \(reference): \(error); add its provider to \(ProjectLayout.config) before a run")
            }
        }
        return plan
    }

    /// The files `plan` writes, each checked: none exists yet (an identical helper script
    /// is left as it is), no evaluator name is taken, every prompt file parses.
    public func importTargets(_ plan: ImportPlan) throws -> [String] {
        var paths: [String] = []
        for draft in plan.prompts {
            let path = Self.promptPath(for: draft.id)
            do {
                _ = try PromptFile(text: draft.promptFileText, path: path)
            } catch {
                throw InterchangeError.malformed(
                    SourceLocation(path: plan.source, line: 1),
                    "the prompt made from it does not parse (\(error)); nothing was written")
            }
            try requireAbsent(path)
            paths.append(path)
        }
        if let datasetPath = plan.datasetPath {
            try requireAbsent(datasetPath)
            paths.append(datasetPath)
        }
        for file in plan.files {
            let existing = FileManager.default.contents(atPath: repository.workingFile(file.path).path)
            if existing == Data(file.text.utf8) { continue }
            try requireAbsent(file.path)
            paths.append(file.path)
        }
        for evaluator in plan.evaluators where config.evaluators[evaluator.name] != nil {
            throw InterchangeError.exists(
                path: "\(ProjectLayout.config) evaluator '\(evaluator.name)'",
                hint: "import under another name with --name")
        }
        return paths
    }

    /// Writes `plan`: every file, then the evaluators into the config. Nothing is committed.
    /// A failure part-way removes what this call wrote, so bad input leaves no trace.
    @discardableResult
    public func write(_ plan: ImportPlan) throws -> [String] {
        let targets = Set(try importTargets(plan))
        let configURL = repository.workingFile(ProjectLayout.config)
        let configText =
            (FileManager.default.contents(atPath: configURL.path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let newConfig: String
        do {
            newConfig = try ConfigEvaluatorEditor.adding(plan.evaluators.map { ($0.name, $0.yamlNode) }, to: configText)
        } catch {
            throw InterchangeError.inexpressible(format: ProjectLayout.config, reason: error.message)
        }
        _ = try ProjectConfig.parse(newConfig, path: ProjectLayout.config)
        var written: [String] = []
        do {
            for draft in plan.prompts {
                try writeNew(Self.promptPath(for: draft.id), draft.promptFileText, into: &written)
            }
            if let datasetPath = plan.datasetPath {
                try writeNew(datasetPath, plan.rows.map(\.jsonLine).joined(separator: "\n") + "\n", into: &written)
            }
            for file in plan.files where targets.contains(file.path) {
                try writeNew(file.path, file.text, into: &written)
                if file.executable {
                    try FileManager.default.setAttributes(
                        [.posixPermissions: 0o755], ofItemAtPath: repository.workingFile(file.path).path)
                }
            }
            if newConfig != configText {
                try AtomicFile.write(Data(newConfig.utf8), to: configURL.path)
                written.append(ProjectLayout.config)
            }
        } catch {
            for path in written where path != ProjectLayout.config {
                try? FileManager.default.removeItem(at: repository.workingFile(path))
            }
            throw error
        }
        return written
    }

    private func requireAbsent(_ path: String) throws {
        if FileManager.default.fileExists(atPath: repository.workingFile(path).path) {
            throw InterchangeError.exists(path: path, hint: "import under another name with --name, or move it away")
        }
    }

    private func writeNew(_ path: String, _ text: String, into written: inout [String]) throws {
        try AtomicFile.write(Data(text.utf8), to: repository.workingFile(path).path)
        written.append(path)
    }

    /// `summarize.prompt.yml` → `summarize`; `promptfooconfig.yaml` → its folder's name.
    static func importName(for url: URL, format: ImportFormat) -> String {
        var name = url.lastPathComponent
        for suffix in [".prompt.yml", ".prompt.yaml", ".prompty", ".prompt", ".yaml", ".yml", ".json", ".jsonl"]
        where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        if name.hasPrefix("promptfooconfig") || name.isEmpty || format == .openaiEvals && name == "eval" {
            name = url.deletingLastPathComponent().lastPathComponent
        }
        let slug = PromptfooImporter.slug(name)
        return slug
    }
}
