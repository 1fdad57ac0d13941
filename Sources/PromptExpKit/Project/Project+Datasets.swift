import Foundation

extension Project {
    /// Finds a dataset by path (`datasets/support/tickets.jsonl`) or by name under
    /// `datasets/` (`support/tickets`), suggesting near names when there is none. A path
    /// with `..` or an absolute one means the file it names from the current folder, as in
    /// git, and is taken when that file is inside the repository.
    public func dataset(_ name: String) throws -> DatasetFile {
        let cwdRelative = URL(fileURLWithPath: name, relativeTo: currentDirectory).standardizedFileURL
        if name.hasPrefix("/") || name.split(separator: "/").contains("..") {
            guard let display = repository.relativePath(of: cwdRelative), !display.hasPrefix("..") else {
                throw ProjectFileError.outsideRepository(name)
            }
            guard FileManager.default.fileExists(atPath: cwdRelative.path) else {
                throw DatasetError.unknownDataset(
                    name, suggestions: NameSuggester.suggestions(for: display, among: datasetNames()))
            }
            try ProjectFileCheck.requireRegularFile(cwdRelative, root: root, display: display)
            return DatasetFile(url: cwdRelative, displayPath: display)
        }
        var candidates = [name]
        if !name.hasSuffix(".jsonl") { candidates.append(name + ".jsonl") }
        candidates += candidates.map { "\(ProjectLayout.datasets)/\($0)" }
        for candidate in candidates {
            let url = repository.workingFile(candidate)
            if FileManager.default.fileExists(atPath: url.path) {
                try ProjectFileCheck.requireRegularFile(url, root: root, display: candidate)
                return DatasetFile(url: url, displayPath: candidate)
            }
        }
        if FileManager.default.fileExists(atPath: cwdRelative.path) {
            guard let display = repository.relativePath(of: cwdRelative) else {
                throw ProjectFileError.outsideRepository(name)
            }
            try ProjectFileCheck.requireRegularFile(cwdRelative, root: root, display: display)
            return DatasetFile(url: cwdRelative, displayPath: display)
        }
        let known = datasetNames()
        throw DatasetError.unknownDataset(name, suggestions: NameSuggester.suggestions(for: name, among: known))
    }

    /// The dataset at `path` exactly as blob `blob` holds it: the working file when it is
    /// that blob, else a copy of the blob out of git.
    public func datasetFile(path: String, blob: ObjectID) throws -> DatasetFile {
        DatasetFile(url: try file(path, blob: blob), displayPath: path)
    }

    /// Dataset names under `datasets/` (without `.jsonl`), sorted.
    public func datasetNames() -> [String] {
        let folder = root.appendingPathComponent(ProjectLayout.datasets)
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var names: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "jsonl" {
            guard let relative = repository.relativePath(of: url) else { continue }
            names.append(String(relative.dropFirst(ProjectLayout.datasets.count + 1).dropLast(".jsonl".count)))
        }
        return names.sorted()
    }
}
