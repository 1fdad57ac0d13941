public import Foundation

extension Project {
    /// A version of a prompt that more of a log's requests fit than the one asked for.
    public struct FittingVersion: Sendable {
        public let version: PromptVersion
        /// Requests the version would import.
        public let imported: Int
    }

    /// The version of prompt `id` in history whose template the most of `logs`' requests
    /// fit, when that is more than `imported` (what the chosen version, blob `chosen`,
    /// imported): requests logged before the prompt changed fit the version that served
    /// them. Counts only, nothing is written; the newest `limit` versions are tried.
    public func versionFittingMore(
        _ logs: [(url: URL, path: String)], promptID id: String, options: LogImporter.Options, chosen: ObjectID,
        imported: Int, limit: Int = 20
    ) throws -> FittingVersion? {
        var best: FittingVersion?
        var tried: Set<ObjectID> = [chosen]
        for version in try history(of: id) where tried.count <= limit && !tried.contains(version.blob) {
            tried.insert(version.blob)
            let path = Self.promptPath(for: id)
            guard
                let file = try? PromptFile(
                    data: try repository.blobData(version.blob), path: "\(version.label):\(path)"),
                let importer = try? LogImporter(file: file, promptID: id, options: options)
            else { continue }
            let count = try importer.run(logs, to: nil).imported
            if count > max(imported, best?.imported ?? 0) { best = FittingVersion(version: version, imported: count) }
        }
        return best
    }
}
