public import Foundation

extension Project {
    /// Prompt `id` at `selector` (nil: the working file) ready to export: its draft, its
    /// version and commit, the rows of its dataset and its evaluators' settings.
    public func promptExport(_ id: String, at selector: VersionSelector?) throws -> PromptExport {
        let prompt = try resolve(id, at: selector)
        var export = PromptExport(draft: PromptDraft(id: id, file: prompt.file), blob: prompt.blob.hex)
        switch prompt.source {
        case .working: break
        case .version(let version):
            export.version = version.label
            export.commit = version.commit.id.hex
        case .commit(let commit, _): export.commit = commit.id.hex
        }
        if let tests = prompt.file.frontMatter.tests {
            if let path = tests.dataset, let file = try? dataset(path) {
                export.rows = (try? file.allRows()) ?? []
            }
            export.evaluators = tests.evaluators.map {
                config.evaluators[$0] ?? EvaluatorConfig(name: $0, kind: $0)
            }
        }
        return export
    }

    /// The text of `export` in `format`, and what the format could not say.
    public func exportText(_ export: PromptExport, format: ImportFormat) throws -> (text: String, lost: [String]) {
        switch format {
        case .promptYML: return GitHubPromptFormat.text(export)
        case .prompty: return PromptyFormat.text(export)
        case .dotprompt: return DotpromptFormat.text(export)
        case .json: return PromptJSONFormat.text(export)
        case .promptfoo, .openaiEvals:
            throw InterchangeError.inexpressible(
                format: format.rawValue, reason: "export writes prompt.yml, prompty, dotprompt or json")
        }
    }

    /// Every prompt whose history has a version tagged `tag`, at that version: what an
    /// application loads (`prompt export --tag production`).
    public func taggedExports(_ tag: String) throws -> [PromptExport] {
        var exports: [PromptExport] = []
        for id in try knownPromptIDs() {
            guard try history(of: id).contains(where: { $0.tags.contains(tag) }) else { continue }
            exports.append(try promptExport(id, at: .named(tag)))
        }
        guard !exports.isEmpty else {
            throw InterchangeError.nothingToExport(
                "no prompt has a version tagged \(tag) on this branch: nothing to export (promptexp prompt list shows the tags)"
            )
        }
        return exports
    }
}
