public import Foundation

/// Where a prompt was read from, so the files it names are read from the same place.
public enum PromptSource: Sendable {
    case workingTree
    case commit(ObjectID)
    /// The index (`indexFile`: another index file, as a hook may be given).
    case index(URL?)
}

/// A prompt with the files it names read into it, and those files' blob ids: together
/// they are the version that runs.
public struct ReadPrompt: Sendable {
    public let file: PromptFile
    /// Each referenced file's blob id, by path: what staleness and the gate compare.
    public let files: [String: ObjectID]
}

extension Project {
    /// Reads the files `file` names (`tools: {file: …}`, a response schema's `file:`)
    /// from `source`, the place the prompt itself came from.
    public func readingReferences(_ file: PromptFile, from source: PromptSource) throws -> ReadPrompt {
        guard !file.frontMatter.references.isEmpty else { return ReadPrompt(file: file, files: [:]) }
        var files: [String: ObjectID] = [:]
        let read = try file.readingReferences { path in
            guard let (data, blob) = try referencedFile(path, from: source) else { return nil }
            files[path] = blob
            return data
        }
        return ReadPrompt(file: read, files: files)
    }

    /// The blob ids of the files `file` names, as `source` has them (a missing file has
    /// none): compared between two sides, they say whether the version changed.
    func referencedBlobs(of file: PromptFile, in source: PromptSource) throws -> [String: ObjectID?] {
        var blobs: [String: ObjectID?] = [:]
        for reference in file.frontMatter.references {
            blobs[reference.path] = try referencedFile(reference.path, from: source)?.blob
        }
        return blobs
    }

    private func referencedFile(_ path: String, from source: PromptSource) throws -> (data: Data, blob: ObjectID)? {
        switch source {
        case .workingTree:
            let url = repository.workingFile(path)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            try ProjectFileCheck.requireRegularFile(url, root: root, display: path)
            let data = try Data(contentsOf: url)
            return (data, Repository.hashBlob(data))
        case .commit(let commit):
            guard let blob = try repository.blobID(at: path, in: commit) else { return nil }
            return (try repository.blobData(blob), blob)
        case .index(let indexFile):
            guard let blob = try repository.indexEntries(under: path, indexFile: indexFile)[path] else { return nil }
            return (try repository.blobData(blob), blob)
        }
    }
}
