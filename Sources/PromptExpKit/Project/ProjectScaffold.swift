public import Foundation

/// Creates the folders and starter files of a promptexp project, never overwriting anything.
public enum ProjectScaffold {
    /// Lines `init` makes sure `.gitignore` has.
    /// The cache is local, and `promptexp run` writes its scratch results under runs/:
    /// experiments commit theirs under experiments/, which stays tracked.
    public static let gitignoreLines = [ProjectLayout.cache + "/", ProjectLayout.runs + "/"]

    public static let configTemplate = """
        # promptexp settings. API keys never go here: name the environment variable instead.
        providers:
          openai:
            kind: openai
            base_url: https://api.openai.com/v1
            api_key_env: OPENAI_API_KEY
          # local:                     # any server that speaks OpenAI chat completions
          #   kind: openai
          #   base_url: http://localhost:11434/v1
        models:
          gpt-4o-mini:
            provider: openai
            input_per_million: 0.15    # dollars per million tokens; overrides the built-in table
            output_per_million: 0.60
        defaults:
          model: mock/echo             # the offline mock provider until you choose a real model
          concurrency: 8
          max_cost: 5.00
        evaluators:
          not-empty:
            kind: not-empty

        """

    public static let examplePrompt = """
        ---
        description: Replies to a customer support ticket
        tags: [production]
        inputs:
          customer: {type: string}
          ticket: {type: string}
          tone: {type: string, default: friendly}
        tests:
          dataset: datasets/example.jsonl
          evaluators: [not-empty]
        ---
        system:
        You are a {{tone}} support agent. Answer in under 120 words.
        user:
        {{customer}} wrote:
        {{ticket}}

        """

    public static let exampleDataset = """
        {"id": "refund-1", "customer": "Ana", "ticket": "I was charged twice for my order."}
        {"id": "login-1", "customer": "Ben", "ticket": "I cannot log in since the update."}

        """

    /// Scaffolds the project at `root`; returns the repository-relative paths it created or changed.
    public static func create(at root: URL) throws -> [String] {
        var touched: [String] = []
        let manager = FileManager.default
        for folder in [ProjectLayout.prompts, ProjectLayout.datasets, ProjectLayout.settings] {
            let url = root.appendingPathComponent(folder)
            if !manager.fileExists(atPath: url.path) {
                try manager.createDirectory(at: url, withIntermediateDirectories: true)
                touched.append(folder + "/")
            }
        }
        let promptsEmpty =
            (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(ProjectLayout.prompts).path))?
            .isEmpty ?? true
        var files = [(ProjectLayout.config, configTemplate)]
        if promptsEmpty {
            files.append(("prompts/example.prompt", examplePrompt))
            files.append(("datasets/example.jsonl", exampleDataset))
        }
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            guard !manager.fileExists(atPath: url.path) else { continue }
            try Data(contents.utf8).write(to: url, options: .withoutOverwriting)
            touched.append(path)
        }
        if try addGitignoreLines(at: root.appendingPathComponent(".gitignore")) { touched.append(".gitignore") }
        return touched
    }

    /// Appends the lines `.gitignore` lacks; true when it changed.
    private static func addGitignoreLines(at url: URL) throws -> Bool {
        let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let present = Set(existing.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = gitignoreLines.filter { !present.contains($0) }
        guard !missing.isEmpty else { return false }
        var text = existing
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text +=
            "# promptexp: the response cache and scratch runs stay local (experiments are committed)\n"
            + missing.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: url, options: .atomic)
        return true
    }
}
