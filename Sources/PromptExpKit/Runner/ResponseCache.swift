public import Foundation

/// The response cache: one file per request, named by the SHA-256 of the canonical
/// request, under `.promptexp/cache/` (git-ignored). Files are written to a temporary
/// name and renamed, so a reader never sees half an entry. Errors are never cached.
public struct ResponseCache: ResponseLookup {
    public let directory: URL
    /// The first write that failed, so the run can say once that answers were not kept.
    private let failure = FirstFailure()

    public init(directory: URL) {
        self.directory = directory
    }

    /// Why storing answers failed (a read-only folder, a file where the folder should be),
    /// or nil when every write so far worked.
    public var writeFailure: String? { failure.message }

    /// Built as a string: URL path appending is slow when done for every call.
    private func path(for hash: String) -> String {
        "\(directory.path)/\(hash.prefix(2))/\(hash).json"
    }

    public func response(for requestHash: String) -> CachedResponse? {
        guard let data = FileManager.default.contents(atPath: path(for: requestHash)),
            let value = try? JSONValue.parse(data)
        else { return nil }
        return CachedResponse(json: value)
    }

    /// Stores a successful response. A failure to write only costs a future call.
    public func store(_ response: CachedResponse, for requestHash: String) {
        // A failed write costs a future call, not this run: it is noted, said once at the
        // end of the run, and the run goes on.
        do {
            try AtomicFile.write(Data(response.json.canonicalJSON.utf8), to: path(for: requestHash))
        } catch {
            failure.record(SystemErrorText.describe(error))
        }
    }

    public struct Stats: Hashable, Sendable {
        public var entries = 0
        public var bytes = 0
    }

    public func stats() -> Stats {
        var stats = Stats()
        guard
            let walker = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return stats }
        for case let url as URL in walker where url.pathExtension == "json" {
            stats.entries += 1
            stats.bytes += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return stats
    }

    /// Deletes every entry; returns how many there were.
    @discardableResult
    public func clear() throws -> Int {
        let count = stats().entries
        if FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.removeItem(at: directory)
        }
        return count
    }
}
