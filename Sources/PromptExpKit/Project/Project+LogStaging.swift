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
    }

    /// Imports `log` through prompt `id` at `version` (default: the file on disk).
    public func stageLog(
        _ log: (url: URL, path: String), promptID id: String, version: String?, options: LogImporter.Options
    ) throws -> StagedLog {
        let resolved = try resolve(id, at: version.map(VersionSelector.init(parsing:)) ?? .working)
        let staging = repository.gitDirectory.appendingPathComponent(
            "\(ProjectLayout.importStaging)/\(UUID().uuidString).jsonl")
        let importer = try LogImporter(file: resolved.file, promptID: id, options: options)
        let summary = try importer.run([log], to: staging)
        // Requests logged before the prompt changed fit the version that served them.
        let better =
            summary.skippedTotal == 0
            ? nil
            : try versionFittingMore(
                [log], promptID: id, options: options, chosen: resolved.blob, imported: summary.imported)
        return StagedLog(
            dataset: DatasetFile(url: staging, displayPath: log.path), summary: summary,
            promptLabel: "\(id)@\(resolved.versionLabel)", better: better)
    }
}
