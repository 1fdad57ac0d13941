/// One prompt version to write in another format: the draft, where it came from, the rows
/// of its dataset and its evaluators' settings (for formats that carry tests).
public struct PromptExport: Sendable {
    public var draft: PromptDraft
    /// `v3`, or nil for the working file.
    public var version: String?
    public var commit: String?
    public var blob: String?
    public var rows: [DatasetRow] = []
    public var evaluators: [EvaluatorConfig] = []

    public init(draft: PromptDraft, version: String? = nil, commit: String? = nil, blob: String? = nil) {
        self.draft = draft
        self.version = version
        self.commit = commit
        self.blob = blob
    }

    /// What every format that has only role-and-text messages cannot say.
    var messageLosses: [String] {
        var lost: [String] = []
        if draft.usesConversations { lost.append("the conversation inputs (messages: {{…}} lines)") }
        return lost
    }

    /// `max_tokens`, `temperature` and `top_p` under other names; the rest is lost.
    func params(renamed names: [String: String]) -> (params: [(String, JSONValue)], lost: [String]) {
        var kept: [(String, JSONValue)] = []
        var lost: [String] = []
        for (key, value) in draft.params.sorted(by: { $0.key < $1.key }) {
            if let name = names[key] { kept.append((name, value)) } else { lost.append("params.\(key)") }
        }
        return (kept, lost)
    }
}
