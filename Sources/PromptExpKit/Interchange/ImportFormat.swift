/// The tools whose files `promptexp import` reads (and, for single prompts, `prompt export` writes).
public enum ImportFormat: String, Sendable, CaseIterable {
    /// A promptfoo config (`promptfooconfig.yaml`): prompts, providers, tests and asserts.
    case promptfoo
    /// An OpenAI Evals export: the eval's JSON (data source schema, testing criteria, and the
    /// run's message template) and its items as JSONL.
    case openaiEvals = "openai-evals"
    /// A GitHub Models prompt file (`*.prompt.yml`).
    case promptYML = "prompt.yml"
    /// A Microsoft Prompty file (`*.prompty`).
    case prompty
    /// A Google Dotprompt file (`*.prompt` with Handlebars).
    case dotprompt
    /// promptexp's own JSON (`prompt export --format json`).
    case json

    /// The format a file's name suggests, or nil.
    public static func guess(path: String) -> ImportFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".prompt.yml") || name.hasSuffix(".prompt.yaml") { return .promptYML }
        if name.hasSuffix(".prompty") { return .prompty }
        if name.hasSuffix(".prompt") { return .dotprompt }
        if name.hasPrefix("promptfooconfig") { return .promptfoo }
        return nil
    }

    /// The file name an export in this format takes, for prompt `id`.
    public func exportFileName(for id: String) -> String? {
        let base = id.split(separator: "/").last.map(String.init) ?? id
        switch self {
        case .promptYML: return "\(base).prompt.yml"
        case .prompty: return "\(base).prompty"
        case .dotprompt: return "\(base).prompt"
        case .json: return "\(base).json"
        case .promptfoo, .openaiEvals: return nil
        }
    }
}
