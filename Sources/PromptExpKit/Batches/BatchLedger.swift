public import Foundation

/// The batches a run has submitted to providers, kept in a file (`batches.json`): which
/// provider and model, the batch id, promptexp's label for it, when it was submitted and
/// the request hashes it holds, plus the requests a batch reported failed.
///
/// An entry is written before its batch is created (id still nil) and again once the id
/// is known, so a run cut short in between finds the batch by its label instead of
/// creating a second one. For an experiment the file is committed on its branch, so any
/// clone can collect the batches and finish the run.
public struct BatchLedger: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The provider's name in the config.
        public var provider: String
        /// The model's name as results show it.
        public var model: String
        /// promptexp's name for the batch, unique per submission.
        public var label: String
        /// Nil between recording the submission and learning the provider's id.
        public var id: String?
        public var submitted: Date
        /// The requests it holds, in the order submitted.
        public var requestHashes: [String]
        /// Found at the provider after a kill rather than recorded when created: its answers
        /// are taken only once its request ids prove to be exactly this entry's (Anthropic
        /// keeps no name on a batch, so another clone's batch of the same size may match).
        public var adopted = false

        public init(
            provider: String, model: String, label: String, id: String?, submitted: Date, requestHashes: [String]
        ) {
            self.provider = provider
            self.model = model
            self.label = label
            self.id = id
            self.submitted = submitted
            self.requestHashes = requestHashes
        }
    }

    public var entries: [Entry] = []
    /// Request hash → why the batch said it failed, for requests of ended batches.
    public var failures: [String: String] = [:]
    /// Ids of batches that ended and were collected on this machine or any other.
    public var ended: Set<String> = []
    /// Ids of batches adopted by mistake: their request ids were not ours. Never adopted again.
    public var notOurs: Set<String> = []

    public init() {}

    /// Entries whose batch has not ended (or whose id is not known yet).
    public var open: [Entry] { entries.filter { $0.id.map { !ended.contains($0) } ?? true } }

    public var isEmpty: Bool { entries.isEmpty }

    // MARK: The file

    /// Reads the file at `url`; an empty ledger when there is none. `displayPath` names it
    /// in the error of a file that is not a ledger.
    public static func load(from url: URL, displayPath: String) throws -> BatchLedger {
        guard let data = FileManager.default.contents(atPath: url.path) else { return BatchLedger() }
        return try parse(data, displayPath: displayPath)
    }

    public static func parse(_ data: Data, displayPath: String) throws -> BatchLedger {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw BatchError.unreadableLedger(path: displayPath, reason: "\(error)")
        }
        var ledger = BatchLedger()
        let formatter = ISO8601DateFormatter()
        for (position, item) in (value["batches"]?.arrayValue ?? []).enumerated() {
            guard let provider = item["provider"]?.stringValue, let model = item["model"]?.stringValue,
                let label = item["label"]?.stringValue,
                let submitted = item["submitted"]?.stringValue.flatMap(formatter.date(from:)),
                let hashes = item["request_hashes"]?.arrayValue?.compactMap(\.stringValue)
            else {
                throw BatchError.unreadableLedger(
                    path: displayPath,
                    reason: "batch \(position + 1) lacks provider, model, label, submitted or request_hashes")
            }
            let id = item["id"]?.stringValue
            ledger.entries.append(
                Entry(
                    provider: provider, model: model, label: label, id: id, submitted: submitted, requestHashes: hashes)
            )
            if let id, item["ended"] == .bool(true) { ledger.ended.insert(id) }
            if item["adopted"] == .bool(true) { ledger.entries[ledger.entries.count - 1].adopted = true }
        }
        for id in value["not_ours"]?.arrayValue ?? [] {
            if let id = id.stringValue { ledger.notOurs.insert(id) }
        }
        for (hash, message) in value["failures"]?.objectValue ?? [:] {
            if let message = message.stringValue { ledger.failures[hash] = message }
        }
        return ledger
    }

    /// Writes the ledger to `url` whole (never half of it), or removes the file when empty.
    public func save(to url: URL) throws {
        if entries.isEmpty {
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            return
        }
        try AtomicFile.write(text, to: url.path)
    }

    /// The file: pretty JSON with one request hash a line, written as text (a ledger of
    /// 200,000 calls is never a tree of values).
    var text: Data {
        let formatter = ISO8601DateFormatter()
        var out = "{\n  \"batches\": ["
        for (position, entry) in entries.enumerated() {
            out += position == 0 ? "\n" : ",\n"
            let fields: [(String, JSONValue)] =
                (entry.adopted ? [("adopted", .bool(true))] : []) + [
                    ("ended", .bool(entry.id.map(ended.contains) ?? false)),
                    ("id", entry.id.map(JSONValue.string) ?? .null), ("label", .string(entry.label)),
                    ("model", .string(entry.model)), ("provider", .string(entry.provider)),
                ]
            out += "    {\n"
            for (key, value) in fields { out += "      \"\(key)\": \(value.canonicalJSON),\n" }
            out += "      \"request_hashes\": ["
            for (index, hash) in entry.requestHashes.enumerated() {
                out += (index == 0 ? "\n        " : ",\n        ") + JSONValue.string(hash).canonicalJSON
            }
            out += entry.requestHashes.isEmpty ? "],\n" : "\n      ],\n"
            out += "      \"requests\": \(entry.requestHashes.count),\n"
            out +=
                "      \"submitted\": \(JSONValue.string(formatter.string(from: entry.submitted)).canonicalJSON)\n    }"
        }
        out += entries.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"failures\": \(JSONValue.object(failures.mapValues(JSONValue.string)).canonicalJSON)"
        if !notOurs.isEmpty {
            out += ",\n  \"not_ours\": \(JSONValue.array(notOurs.sorted().map(JSONValue.string)).canonicalJSON)"
        }
        out += "\n}\n"
        return Data(out.utf8)
    }
}
