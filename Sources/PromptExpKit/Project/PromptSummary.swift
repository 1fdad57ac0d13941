import Foundation

/// One line of `prompt list`: a prompt's newest version, tags and state on disk.
public struct PromptSummary: Sendable {
    public enum State: String, Sendable {
        case clean
        /// The working file differs from HEAD.
        case modified
        /// Not committed yet.
        case untracked
        /// Committed but gone from disk.
        case deleted
        /// The working file does not parse.
        case invalid
    }

    public let id: String
    public let versionCount: Int
    public let latest: PromptVersion?
    public let tags: [String]
    /// The deployed version (the newest carrying `production`), also when it is not the
    /// newest: `prompt list` says which it is.
    public var production: PromptVersion?
    public let description: String?
    public let state: State

    /// Summaries of every prompt in the working tree or HEAD, sorted by id.
    public static func all(in project: Project) throws -> [PromptSummary] {
        try project.knownPromptIDs().map { try summary(of: $0, in: project) }
    }

    static func summary(of id: String, in project: Project) throws -> PromptSummary {
        let path = Project.promptPath(for: id)
        let versions = try project.history(of: id)
        let disk = FileManager.default.contents(atPath: project.repository.workingFile(path).path)
        let file = disk.flatMap { try? PromptFile(data: $0, path: path) }
        var summary = PromptSummary(
            id: id, versionCount: versions.count, latest: versions.first,
            tags: file?.frontMatter.tags ?? versions.first?.tags ?? [],
            description: file?.frontMatter.description, state: try state(of: id, in: project))
        summary.production = versions.first { $0.tags.contains(Project.productionTag) }
        return summary
    }

    /// How the prompt's working file stands against HEAD.
    public static func state(of id: String, in project: Project) throws -> State {
        let path = Project.promptPath(for: id)
        guard let disk = FileManager.default.contents(atPath: project.repository.workingFile(path).path) else {
            return .deleted
        }
        guard (try? PromptFile(data: disk, path: path)) != nil else { return .invalid }
        guard let head = try project.repository.headCommit(),
            let headBlob = try project.repository.blobID(at: path, in: head)
        else { return .untracked }
        return Repository.hashBlob(disk) == headBlob ? .clean : .modified
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id),
            "path": .string(Project.promptPath(for: id)),
            "versions": .int(versionCount),
            "tags": .array(tags.map(JSONValue.string)),
            "state": .string(state.rawValue),
        ]
        if let latest { object["latest"] = latest.json }
        if let production { object["production"] = .string(production.label) }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }
}

extension ResolvedPrompt: JSONRepresentable {
    public var json: JSONValue {
        let matter = file.frontMatter
        var object: [String: JSONValue] = [
            "id": .string(id),
            "blob": .string(blob.hex),
            "tags": .array(matter.tags.map(JSONValue.string)),
            "text": .string(file.text),
            "messages": .array(
                file.template.segments.map { segment in
                    ["role": .string(segment.role.rawValue), "template": .string(segment.template.source)]
                }),
            "inputs": .array(
                matter.inputs.map { input in
                    var spec: [String: JSONValue] = [
                        "name": .string(input.name), "type": .string(input.type.rawValue),
                        "required": .bool(input.isRequired),
                    ]
                    if let fallback = input.defaultValue { spec["default"] = fallback }
                    if let description = input.description { spec["description"] = .string(description) }
                    return .object(spec)
                }),
        ]
        switch source {
        case .working: object["version"] = "working"
        case .version(let version): object["version"] = version.json
        case .commit(let commit, _): object["commit"] = commit.json
        }
        if let description = matter.description { object["description"] = .string(description) }
        if let model = matter.model { object["model"] = .string(model) }
        if !matter.params.isEmpty { object["params"] = .object(matter.params) }
        return .object(object)
    }
}
