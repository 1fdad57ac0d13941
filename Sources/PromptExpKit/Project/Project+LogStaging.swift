public import Foundation

extension Project {
    /// A request log imported through a prompt's template into a private file under
    /// `.git/promptexp/import/`, for sampling; the caller removes `dataset.url` when done.
    public struct StagedLog: Sendable {
        public let dataset: DatasetFile
        public let summary: LogImporter.Summary
        /// `support/reply@v1 (abc1234)`.
        public let promptLabel: String
        /// A version of the prompt more of the requests fit, when there is one.
        public let better: FittingVersion?
        /// With no version asked for: what was tried first (production) when another version
        /// fit more of the log and was used instead.
        public var triedFirst: String?
    }

    /// Imports `log` through prompt `id` at `version`. Without a version, real traffic is
    /// matched as it was served: production first (else the file on disk), then, when some
    /// requests do not fit, the version in history that the most of them fit is used.
    public func stageLog(
        _ log: (url: URL, path: String), promptID id: String, version: String?, options: LogImporter.Options
    ) throws -> StagedLog {
        let deployed = try history(of: id).first { $0.tags.contains(Self.productionTag) }
        let first: VersionSelector =
            version.map(VersionSelector.init(parsing:)) ?? (deployed != nil ? .named(Self.productionTag) : .working)
        let resolved = try resolve(id, at: first)
        var staged = try stage(log, id: id, file: resolved.file, label: resolved.versionLabel, options: options)
        // Requests logged before the prompt changed fit the version that served them.
        guard staged.summary.skippedTotal > 0,
            let better = try versionFittingMore(
                [log], promptID: id, options: options, chosen: resolved.blob, imported: staged.summary.imported)
        else { return staged }
        guard version == nil else {
            return StagedLog(
                dataset: staged.dataset, summary: staged.summary, promptLabel: staged.promptLabel, better: better)
        }
        try? FileManager.default.removeItem(at: staged.dataset.url)
        let file = try PromptFile(
            data: try repository.blobData(better.version.blob),
            path: "\(Self.promptPath(for: id))@\(better.version.label)")
        staged = try stage(log, id: id, file: file, label: better.version.label, options: options)
        staged.triedFirst = "\(id)@\(deployed != nil ? Self.productionTag : "working")"
        return staged
    }

    private func stage(
        _ log: (url: URL, path: String), id: String, file: PromptFile, label: String, options: LogImporter.Options
    ) throws -> StagedLog {
        let staging = repository.gitDirectory.appendingPathComponent(
            "\(ProjectLayout.importStaging)/\(UUID().uuidString).jsonl")
        let summary = try LogImporter(file: file, promptID: id, options: options).run([log], to: staging)
        return StagedLog(
            dataset: DatasetFile(url: staging, displayPath: log.path), summary: summary, promptLabel: "\(id)@\(label)",
            better: nil)
    }
}

extension Project {
    /// Where `dataset import` stores logged images: once each, by hash, in the repository.
    public var importedImageFolder: LogImporter.ImageFolder {
        LogImporter.ImageFolder(
            url: root.appendingPathComponent(ProjectLayout.importedImages), path: ProjectLayout.importedImages)
    }
}
