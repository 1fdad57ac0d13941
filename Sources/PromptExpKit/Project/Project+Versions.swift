import Foundation

extension Project {
    /// Every version of a prompt on the first-parent history of `tip` (default: HEAD),
    /// newest first.
    public func history(of id: String, at tip: ObjectID? = nil) throws -> [PromptVersion] {
        guard let head = try tip ?? repository.headCommit() else { return [] }
        let path = Self.promptPath(for: id)
        let cache = PromptHistoryCache(gitDirectory: repository.gitDirectory, path: path)
        let snapshots = cache.load()
        let boundaries = Dictionary(
            snapshots.map { ($0.start, $0.blobAtStart) }, uniquingKeysWith: { first, _ in first })
        let walk = try repository.walkFileHistory(of: path, from: head, boundaries: boundaries)

        var tagsByBlob: [ObjectID: [String]] = [:]
        var entries: [PromptHistoryCache.Entry] = try walk.revisions.map { revision in
            if let known = tagsByBlob[revision.blob] { return .init(revision: revision, tags: known) }
            let tags = Self.tags(in: try repository.blobData(revision.blob), path: path)
            tagsByBlob[revision.blob] = tags
            return .init(revision: revision, tags: tags)
        }
        if let boundary = walk.boundary, let known = snapshots.first(where: { $0.start == boundary }) {
            entries += known.entries
        }
        // A cut history is not cached: after `git fetch --unshallow` it grows older versions.
        if walk.boundary != head, !walk.reachedShallowCut {
            cache.save(.init(start: head, blobAtStart: walk.blobAtStart, entries: entries), keeping: snapshots)
        }
        entries = Self.withoutExperimentStarts(entries)
        return entries.enumerated().map { offset, entry in
            PromptVersion(
                number: entries.count - offset, commit: entry.revision.commit, blob: entry.revision.blob,
                tags: entry.tags, inShallowHistory: walk.reachedShallowCut)
        }
    }

    /// `entries` (newest first) without the commits `exp new` made on top of the very
    /// version they started from: such a commit only re-states that version for the
    /// experiment (the `production` tag taken out, perhaps `tests.models` set), so it is
    /// not a version of its own. A start from an older version changes the file and stays.
    static func withoutExperimentStarts(_ entries: [PromptHistoryCache.Entry]) -> [PromptHistoryCache.Entry] {
        entries.indices.compactMap { index in
            let entry = entries[index]
            guard index + 1 < entries.count,
                let base = ExperimentStartMessage.baseBlobPrefix(in: entry.revision.commit.message),
                entries[index + 1].revision.blob.hex.hasPrefix(base)
            else { return entry }
            return nil
        }
    }

    /// The tags of a prompt text, or none when its front matter does not parse: an old,
    /// broken version must not stop the history from being listed.
    static func tags(in data: Data, path: String) -> [String] {
        guard let text = String(data: data, encoding: .utf8),
            let split = try? FrontMatterSplitter(text: text, path: path),
            let yaml = split.frontMatter
        else { return [] }
        if let quick = quickTags(in: yaml) { return quick }
        guard let node = try? YAMLNode.parse(yaml, path: path),
            let tags = try? node["tags"]?.stringList("tags")
        else { return [] }
        return tags
    }

    /// The common forms, `tags: [a, b]` or no `tags:` key at all, read without a YAML
    /// parser: `prompt log` reads the tags of every version. Anything else returns nil.
    private static func quickTags(in yaml: String) -> [String]? {
        var found: [String]?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("tags:") else { continue }
            guard found == nil else { return nil }
            var value = line.dropFirst(5).drop(while: { $0 == " " })
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            value = value.trimmingTrailingWhitespace()
            guard value.first == "[", value.last == "]" else { return nil }
            let items = value.dropFirst().dropLast().split(separator: ",").map {
                $0.drop(while: { $0 == " " }).trimmingTrailingWhitespace()
            }
            let plain = items.allSatisfy { item in
                !item.isEmpty && item.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
            }
            guard plain else { return nil }
            found = items.map(String.init)
        }
        return found ?? []
    }

    /// Resolves `id` at `selector` (nil: the working file) and parses it.
    /// The files the prompt names are read from the same place as the prompt.
    public func resolve(_ id: String, at selector: VersionSelector?) throws -> ResolvedPrompt {
        var prompt = try resolveFile(id, at: selector)
        let source: PromptSource
        switch prompt.source {
        case .working: source = .workingTree
        case .version(let version): source = .commit(version.commit.id)
        case .commit(let commit, _): source = .commit(commit.id)
        }
        let read = try readingReferences(prompt.file, from: source)
        prompt = ResolvedPrompt(id: prompt.id, source: prompt.source, file: read.file, blob: prompt.blob)
        prompt.files = read.files
        return prompt
    }

    private func resolveFile(_ id: String, at selector: VersionSelector?) throws -> ResolvedPrompt {
        let path = Self.promptPath(for: id)
        switch selector ?? .working {
        case .working:
            let url = repository.workingFile(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PromptError.unknownVersion(
                    prompt: id, selector: "working", reason: "\(path) does not exist on disk")
            }
            try ProjectFileCheck.requireRegularFile(url, root: root, display: path)
            return ResolvedPrompt(
                id: id, source: .working, file: try PromptFile(data: data, path: path), blob: Repository.hashBlob(data))
        case .number(let number):
            let versions = try history(of: id)
            if versions.first?.inShallowHistory == true {
                throw PromptError.unknownVersion(
                    prompt: id, selector: "v\(number)",
                    reason:
                        "version numbers count from the prompt's first commit, which is not in this shallow clone: fetch the whole history (git fetch --unshallow), or name a commit, a tag such as production, or working"
                )
            }
            guard let version = versions.first(where: { $0.number == number }) else {
                let reason =
                    versions.isEmpty ? "it has no committed versions" : "versions run from v1 to v\(versions.count)"
                throw PromptError.unknownVersion(prompt: id, selector: "v\(number)", reason: reason)
            }
            return try resolved(id, version: version)
        case .named(let name):
            let versions = try history(of: id)
            if let tagged = versions.first(where: { $0.tags.contains(name) }) {
                return try resolved(id, version: tagged)
            }
            if let commit = try? repository.resolveCommit(name) {
                guard let blob = try repository.blobID(at: path, in: commit) else {
                    throw PromptError.unknownVersion(
                        prompt: id, selector: name, reason: "\(path) does not exist at \(commit.short)")
                }
                // The blob identifies a version exactly, wherever the commit sits.
                if let version = versions.first(where: { $0.blob == blob }) {
                    return try resolved(id, version: version)
                }
                let file = try PromptFile(data: try repository.blobData(blob), path: "\(path)@\(commit.short)")
                return ResolvedPrompt(
                    id: id, source: .commit(try repository.commitInfo(commit), blob: blob), file: file, blob: blob)
            }
            // A blob id (or its prefix) names a version exactly.
            if name.count >= 4, name.allSatisfy(\.isHexDigit),
                let version = versions.first(where: { $0.blob.hex.hasPrefix(name.lowercased()) })
            {
                return try resolved(id, version: version)
            }
            throw PromptError.unknownVersion(
                prompt: id, selector: name, reason: "it is not vN, a tag of any version, or a git revision")
        }
    }

    private func resolved(_ id: String, version: PromptVersion) throws -> ResolvedPrompt {
        let path = "\(Self.promptPath(for: id))@\(version.label)"
        let file = try PromptFile(data: try repository.blobData(version.blob), path: path)
        return ResolvedPrompt(id: id, source: .version(version), file: file, blob: version.blob)
    }
}
