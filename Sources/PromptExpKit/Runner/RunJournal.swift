import Crypto
import Foundation

/// The durable record of a run in progress: one line per finished call, appended as the
/// call finishes, so a run stopped by Ctrl-C, a crash or `kill -9` resumes without
/// paying for any finished call again. Removed when the run completes.
///
/// Appends go straight to the file (no buffering in the process), which survives the
/// process being killed; surviving a power cut would need an fsync per call.
public final class RunJournal: ResponseLookup, @unchecked Sendable {
    // @unchecked: `handle` and `entries` are only touched under `lock`.
    public let url: URL
    private let lock = NSLock()
    private var handle: FileHandle?
    private var entries: [String: CachedResponse]

    /// Opens (or creates) the journal at `url` and reads what an earlier attempt left.
    public init(url: URL) throws {
        self.url = url
        var loaded: [String: CachedResponse] = [:]
        if FileManager.default.fileExists(atPath: url.path) {
            for (_, bytes) in JSONLLineReader(url: url) {
                // A line cut short by a kill is skipped: that call is simply made again.
                guard let value = try? JSONValue.parse(Data(bytes)), let hash = value["request_hash"]?.stringValue,
                      let response = value["response"].flatMap(CachedResponse.init(json:))
                else { continue }
                loaded[hash] = response
            }
        }
        entries = loaded
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        handle = try FileHandle(forWritingTo: url)
        try handle?.seekToEnd()
    }

    deinit {
        try? handle?.close()
    }

    /// Where the journal of a run writing `output` lives: inside `.git`, where no commit
    /// can pick it up, named by the output path so each results file has its own.
    public static func url(forOutput output: URL, gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("promptexp/journal/\(key(forOutput: output)).jsonl")
    }

    /// Where the lock lives that keeps two processes from running the same output at once.
    public static func lockURL(forOutput output: URL, gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("promptexp/locks/\(key(forOutput: output)).lock")
    }

    private static func key(forOutput output: URL) -> String {
        Hex.encode(SHA256.hash(data: Data(output.standardizedFileURL.path.utf8)).prefix(12))
    }

    /// How many finished calls an earlier attempt left.
    public var count: Int { lock.withLock { entries.count } }

    public func response(for requestHash: String) -> CachedResponse? {
        lock.withLock { entries[requestHash] }
    }

    public func append(_ response: CachedResponse, for requestHash: String) throws {
        let line = JSONValue.object(["request_hash": .string(requestHash), "response": response.json]).canonicalJSON + "\n"
        try lock.withLock {
            try handle?.write(contentsOf: Data(line.utf8))
            entries[requestHash] = response
        }
    }

    /// Deletes the journal. Call it only once the run's results are durable where they end
    /// up (committed, for an experiment): a kill before that must find the journal.
    public func finish() throws {
        try lock.withLock {
            try handle?.close()
            handle = nil
            try Self.remove(at: url)
        }
    }

    /// Deletes the journal at `url`, if there is one.
    public static func remove(at url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.removeItem(at: url)
    }
}
