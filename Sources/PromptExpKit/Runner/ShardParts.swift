public import Foundation

/// The results parts of a sharded run, read together in the plan's order: each part holds
/// its shard's calls in plan order, so walking the plan and taking the next record of the
/// call's part joins them with one line of each part in memory, however large the run.
///
/// Every call must be found exactly once: a part missing, given twice or from another
/// split refuses at once; a call no part holds, a record given twice and a record the plan
/// does not have are gathered, and `finish` refuses naming them.
public struct ShardParts {
    struct Part {
        let shard: Shard
        let path: String
        var lines: JSONLLineReader.Iterator
        var lineNumber = 0
        /// The next record, read ahead.
        var next: ResultRecord?
        var lastTaken: String?
        var taken = 0
    }

    private var parts: [Part]
    public var count: Int { parts.count }
    /// Calls no part holds, as `row ID · variant · model` (repeat when not 0).
    public private(set) var missing: [String] = []
    public private(set) var duplicated: [String] = []

    /// Opens the parts, which must be shards 1…N of one split of the plan whose fingerprint
    /// is `fingerprint`, each once. `shown` names a part in messages.
    public init(urls: [URL], fingerprint: String, shown: (URL) -> String) throws {
        var parts: [Part] = []
        for url in urls {
            guard let shard = Shard(partName: url.lastPathComponent) else {
                throw ShardMergeError.notAPart(shown(url))
            }
            guard FileManager.default.fileExists(atPath: url.path) else { throw ShardMergeError.unreadable(shown(url)) }
            if let other = parts.first(where: { $0.shard.count != shard.count }) {
                throw ShardMergeError.mixedSplits(shown(url), shard.count, other.path, other.shard.count)
            }
            if let same = parts.first(where: { $0.shard == shard }) {
                throw ShardMergeError.givenTwice(shard, same.path, shown(url))
            }
            parts.append(Part(shard: shard, path: shown(url), lines: JSONLLineReader(url: url).makeIterator()))
        }
        guard let count = parts.first?.shard.count else { throw ShardMergeError.noParts }
        let absent = (1...count).filter { index in !parts.contains { $0.shard.index == index } }
        guard absent.isEmpty else { throw ShardMergeError.partsMissing(absent, of: count) }
        self.parts = parts.sorted { $0.shard.index < $1.shard.index }
        for index in self.parts.indices { try readHeader(index, fingerprint: fingerprint) }
    }

    /// Checks the part's first line names this shard of this plan, then reads ahead.
    private mutating func readHeader(_ index: Int, fingerprint: String) throws {
        let part = parts[index]
        guard let line = parts[index].lines.next(), Shard.isHeader(line.bytes),
            let header = try? JSONValue.parse(bytes: line.bytes)[Shard.headerKey]
        else { throw ShardMergeError.noHeader(part.path) }
        parts[index].lineNumber = line.number
        guard header["shard"]?.intValue == part.shard.index, header["of"]?.intValue == part.shard.count else {
            throw ShardMergeError.misnamed(part.path)
        }
        guard header["plan"]?.stringValue == fingerprint else { throw ShardMergeError.otherPlan(part.path) }
        try readAhead(index)
    }

    private mutating func readAhead(_ index: Int) throws {
        parts[index].next = nil
        while let line = parts[index].lines.next() {
            parts[index].lineNumber = line.number
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
            parts[index].next = try ResultsFile.record(from: line.bytes, path: parts[index].path, line: line.number)
            return
        }
    }

    /// The record of `call` from its shard's part, or nil when the part does not hold it
    /// (then it is counted missing and the part's record stays for a later call).
    public mutating func take(_ call: PlannedCall) throws -> ResultRecord? {
        let index = Shard.position(of: call.requestHash, among: parts.count)
        while let record = parts[index].next {
            if record.requestHash == call.requestHash, record.rowID == call.rowID, record.variant == call.variant,
                record.model == call.model.name, record.repeatIndex == call.repeatIndex
            {
                parts[index].lastTaken = record.requestHash
                parts[index].taken += 1
                try readAhead(index)
                return record
            }
            guard record.requestHash == parts[index].lastTaken else { break }
            duplicated.append("\(Self.describe(record)) (\(parts[index].path):\(parts[index].lineNumber))")
            try readAhead(index)
        }
        missing.append(
            "\(call.rowID) · \(call.variant) · \(call.model.name)\(call.repeatIndex > 0 ? " · repeat \(call.repeatIndex)" : "") (part \(parts[index].shard))"
        )
        return nil
    }

    /// Refuses when anything was missing, given twice, or left over (records of another plan).
    public mutating func finish() throws {
        var extra: [String] = []
        for index in parts.indices {
            while let record = parts[index].next {
                extra.append("\(Self.describe(record)) (\(parts[index].path):\(parts[index].lineNumber))")
                try readAhead(index)
            }
        }
        guard missing.isEmpty, duplicated.isEmpty, extra.isEmpty else {
            throw ShardMergeError.mismatch(missing: missing, duplicated: duplicated, extra: extra)
        }
    }

    static func describe(_ record: ResultRecord) -> String {
        "\(record.rowID) · \(record.variant) · \(record.model)\(record.repeatIndex > 0 ? " · repeat \(record.repeatIndex)" : "")"
    }
}

/// Why parts cannot be merged into one results file.
public enum ShardMergeError: PromptExpError {
    case noParts
    case notAPart(String)
    case unreadable(String)
    case mixedSplits(String, Int, String, Int)
    case givenTwice(Shard, String, String)
    case partsMissing([Int], of: Int)
    case mismatch(missing: [String], duplicated: [String], extra: [String])
    case noHeader(String)
    case misnamed(String)
    case otherPlan(String)

    public var description: String {
        switch self {
        case .noParts: "no results parts to merge"
        case .notAPart(let path): "\(path): not a results part (its name must end in .shard-I-of-N.jsonl)"
        case .unreadable(let path): "\(path): no such file"
        case .mixedSplits(let path, let count, let other, let otherCount):
            "\(path) is a part of \(count) shards but \(other) of \(otherCount): merge the parts of one split"
        case .givenTwice(let shard, let first, let second): "part \(shard) given twice: \(first) and \(second)"
        case .partsMissing(let absent, let count):
            "missing \(absent.count == 1 ? "part" : "parts") \(absent.map(String.init).joined(separator: ", ")) of \(count): merge all \(count) parts"
        case .noHeader(let path):
            "\(path): not a results part (its first line must name its shard and plan, as --shard writes it)"
        case .misnamed(let path): "\(path): its first line names another shard than its file name"
        case .otherPlan(let path):
            "\(path) holds calls of another plan: the prompt, dataset, models or sample changed since the shards ran; run every shard again"
        case .mismatch(let missing, let duplicated, let extra):
            Self.mismatchText(missing: missing, duplicated: duplicated, extra: extra)
        }
    }

    private static func mismatchText(missing: [String], duplicated: [String], extra: [String]) -> String {
        func listed(_ items: [String]) -> String {
            items.prefix(10).joined(separator: "; ") + (items.count > 10 ? "; and \(items.count - 10) more" : "")
        }
        var reasons: [String] = []
        if !missing.isEmpty { reasons.append("\(counted(missing.count, "call")) no part holds: \(listed(missing))") }
        if !duplicated.isEmpty {
            reasons.append("\(counted(duplicated.count, "call")) given twice: \(listed(duplicated))")
        }
        if !extra.isEmpty {
            reasons.append(
                "\(counted(extra.count, "record")) this plan does not have (from another plan: the prompt, dataset or models changed?): \(listed(extra))"
            )
        }
        return "refusing to merge, nothing written: " + reasons.joined(separator: "; ")
    }
}
