public import Foundation

/// A repository that holds prompts: its git handle, layout and config.
public final class Project {
    public let repository: Repository
    public let config: ProjectConfig

    /// The folder the command was started in (or `-C` named): paths a person types
    /// (`--dataset ../datasets/x.jsonl`) are relative to it, as git's are.
    public let currentDirectory: URL

    public var root: URL { repository.workingDirectory }

    public init(repository: Repository, config: ProjectConfig, currentDirectory: URL? = nil) {
        self.repository = repository
        self.config = config
        self.currentDirectory = currentDirectory ?? repository.workingDirectory
    }

    /// Opens the project whose repository contains `directory`, and reads its config.
    public static func open(at directory: URL) throws -> Project {
        let repository = try Repository.discover(from: directory)
        let config = try ProjectConfig.load(
            from: repository.workingFile(ProjectLayout.config))
        return Project(repository: repository, config: config, currentDirectory: directory.standardizedFileURL)
    }

    /// `prompts/support/reply.prompt` for id `support/reply`.
    public static func promptPath(for id: String) -> String {
        ProjectLayout.prompt(id)
    }

    /// Prompt ids found in the working tree, sorted.
    public func workingPromptIDs() -> [String] {
        let folder = root.appendingPathComponent(ProjectLayout.prompts)
        guard
            let enumerator = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var ids: [String] = []
        for case let url as URL in enumerator where url.pathExtension == ProjectLayout.promptExtension {
            guard let relative = repository.relativePath(of: url) else { continue }
            let inside = relative.dropFirst(ProjectLayout.prompts.count + 1)
            ids.append(String(inside.dropLast(ProjectLayout.promptExtension.count + 1)))
        }
        return ids.sorted()
    }

    /// Prompt ids in the working tree and in HEAD (a prompt deleted on disk still has a history).
    /// Two ids that differ only in Unicode normalization are refused, naming both files.
    public func knownPromptIDs() throws -> [String] {
        let working = workingPromptIDs()
        var committed: [String] = []
        if let head = try repository.headCommit() {
            for path in try repository.filePaths(in: head, under: "\(ProjectLayout.prompts)/")
            where path.hasSuffix(".\(ProjectLayout.promptExtension)") {
                committed.append(
                    String(
                        path.dropFirst(ProjectLayout.prompts.count + 1).dropLast(
                            ProjectLayout.promptExtension.count + 1)))
            }
        }
        if let (first, second) = UnicodeTwins.first(in: working + committed) {
            throw GitError.unicodeTwins(Self.promptPath(for: first), Self.promptPath(for: second))
        }
        return Set(working + committed).sorted()
    }

    /// Throws `unknownPrompt` with near names when the id is in neither the working tree nor HEAD.
    public func requirePrompt(_ text: String) throws -> String {
        let id = try PromptID.normalized(text)
        let path = Self.promptPath(for: id)
        if FileManager.default.fileExists(atPath: repository.workingFile(path).path) { return id }
        if let head = try repository.headCommit(), try repository.blobID(at: path, in: head) != nil { return id }
        // Only a miss pays for listing every prompt, to suggest near names.
        let known = try knownPromptIDs()
        guard known.contains(id) else {
            throw PromptError.unknownPrompt(id, suggestions: NameSuggester.suggestions(for: id, among: known))
        }
        return id
    }
}
