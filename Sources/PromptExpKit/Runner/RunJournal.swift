import Crypto
public import Foundation

/// The durable record of a run in progress: one line per finished call, appended as the
/// call finishes, so a run stopped by Ctrl-C, a crash or `kill -9` resumes without
/// paying for any finished call again. Removed when the run completes.
///
/// Appends go straight to the file (no buffering in the process), which survives the
/// process being killed; surviving a power cut would need an fsync per call.
///
/// Memory stays flat however long the run: what an earlier attempt left is found through
/// an index over the file, and of this attempt's answers only the latest few are kept, for
/// a request sent twice in a row (a base and a candidate that render the same).
public final class RunJournal: ResponseLookup, @unchecked Sendable {
    // @unchecked: `handle` and `recent` are only touched under `lock`; `earlier` is immutable.
    public let url: URL
    private let lock = NSLock()
    private var handle: FileHandle?
    private let earlier: ResponseFileIndex?
    private var recent = RecentAnswers(capacity: 4096)

    /// Opens (or creates) the journal at `url` and indexes what an earlier attempt left.
    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: url.path) {
            // A line cut short by a kill has no answer to find: that call is made again.
            earlier = try ResponseFileIndex(url: url) { value in
                guard let hash = value["request_hash"]?.stringValue,
                    let response = value["response"].flatMap(CachedResponse.init(json:))
                else { return nil }
                return (hash, response)
            }
        } else {
            earlier = nil
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let handle = try FileHandle(forUpdating: url)
        // After a kill mid-line, end that line first, so the next append starts its own.
        let end = try handle.seekToEnd()
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            if try handle.read(upToCount: 1) != Data("\n".utf8) { try handle.write(contentsOf: Data("\n".utf8)) }
        }
        self.handle = handle
    }

    deinit {
        try? handle?.close()
    }

    /// Where the journal of a run writing `output` lives: inside `.git`, where no commit
    /// can pick it up, named by the output path so each results file has its own.
    public static func url(forOutput output: String, gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("\(ProjectLayout.journals)/\(key(forOutput: output)).jsonl")
    }

    /// Where the lock lives that keeps two processes from running the same output at once.
    public static func lockURL(forOutput output: String, gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("\(ProjectLayout.locks)/\(key(forOutput: output)).lock")
    }

    /// A short name for an output, for the files kept about it under `.git/`. `output` is
    /// its path relative to the repository when it lies inside (see `RunJob.outputKey`), so
    /// a repository moved or copied after a kill still finds its journal.
    public static func key(forOutput output: String) -> String {
        Hex.encode(SHA256.hash(data: Data(output.utf8)).prefix(12))
    }

    /// How many finished calls an earlier attempt left.
    public var count: Int { earlier?.count ?? 0 }

    public func response(for requestHash: String) -> CachedResponse? {
        if let found = lock.withLock({ recent[requestHash] }) { return found }
        return earlier?.response(for: requestHash)
    }

    public func append(_ response: CachedResponse, for requestHash: String) throws {
        let line =
            JSONValue.object(["request_hash": .string(requestHash), "response": response.json]).canonicalJSON + "\n"
        try lock.withLock {
            try handle?.write(contentsOf: Data(line.utf8))
            recent.insert(response, for: requestHash)
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

/// The latest answers by request hash, oldest dropped first past `capacity`.
struct RecentAnswers {
    let capacity: Int
    /// The most bytes of answer text kept: long answers push older ones out sooner.
    let byteCapacity: Int
    private var answers: [String: CachedResponse] = [:]
    private var order: [String] = []
    private var oldest = 0
    private var bytes = 0

    init(capacity: Int, byteCapacity: Int = 16 * 1024 * 1024) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
    }

    subscript(hash: String) -> CachedResponse? { answers[hash] }

    mutating func insert(_ response: CachedResponse, for hash: String) {
        if let replaced = answers.updateValue(response, forKey: hash) {
            bytes += response.text.utf8.count - replaced.text.utf8.count
            return
        }
        order.append(hash)
        bytes += response.text.utf8.count
        while order.count - oldest > capacity || (bytes > byteCapacity && order.count - oldest > 1) {
            if let dropped = answers.removeValue(forKey: order[oldest]) { bytes -= dropped.text.utf8.count }
            oldest += 1
        }
        // Drop the consumed front now and then, so `order` stays near `capacity`.
        if oldest >= capacity || (oldest > 0 && oldest >= order.count / 2) {
            order.removeFirst(oldest)
            oldest = 0
        }
    }
}
