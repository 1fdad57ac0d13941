import Crypto
import Foundation

/// Remembers a prompt's version list per starting commit, in `.git/promptexp/history/`.
///
/// Commits never change, so the versions at or below a commit never change either: a
/// later `prompt log` walks only the commits added since and splices in the rest, the
/// way git's commit-graph spares it re-reading history. The cache lives inside `.git`,
/// is never committed, and a missing or unreadable file only means a full walk.
struct PromptHistoryCache {
    struct Entry {
        var revision: FileRevision
        var tags: [String]
    }

    struct Snapshot {
        var start: ObjectID
        var blobAtStart: ObjectID?
        /// Newest first.
        var entries: [Entry]
    }

    let file: URL
    static let format = 1
    static let snapshotsKept = 4

    init(gitDirectory: URL, path: String) {
        let digest = Hex.encode(SHA256.hash(data: Data(path.utf8)).prefix(10))
        file = gitDirectory.appendingPathComponent("\(ProjectLayout.history)/\(digest).json")
    }

    func load() -> [Snapshot] {
        guard let data = FileManager.default.contents(atPath: file.path),
            let root = try? JSONValue.parse(data),
            root["format"] == .int(Self.format),
            let snapshots = root["snapshots"]?.arrayValue
        else { return [] }
        return snapshots.compactMap(Self.snapshot(from:))
    }

    /// Stores `snapshot` first, keeping a few older ones (other branches' heads).
    func save(_ snapshot: Snapshot, keeping others: [Snapshot]) {
        let kept = [snapshot] + others.filter { $0.start != snapshot.start }.prefix(Self.snapshotsKept - 1)
        let root: JSONValue = ["format": .int(Self.format), "snapshots": .array(kept.map(Self.json(of:)))]
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(root.canonicalJSON.utf8).write(to: file, options: .atomic)
        } catch {
            // A cache that cannot be written costs time on the next run, nothing else.
        }
    }

    private static func json(of snapshot: Snapshot) -> JSONValue {
        [
            "start": .string(snapshot.start.hex),
            "blob_at_start": snapshot.blobAtStart.map { .string($0.hex) } ?? .null,
            "entries": .array(
                snapshot.entries.map { entry in
                    let commit = entry.revision.commit
                    return [
                        "commit": .string(commit.id.hex),
                        "parents": .array(commit.parents.map { .string($0.hex) }),
                        "author": .string(commit.authorName),
                        "email": .string(commit.authorEmail),
                        "time": .int(Int(commit.date.timeIntervalSince1970)),
                        "offset": .int(commit.timeZoneOffsetMinutes),
                        "message": .string(commit.message),
                        "blob": .string(entry.revision.blob.hex),
                        "tags": .array(entry.tags.map(JSONValue.string)),
                    ]
                }),
        ]
    }

    private static func snapshot(from value: JSONValue) -> Snapshot? {
        guard let start = value["start"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let blobAtStart = value["blob_at_start"],
            let rawEntries = value["entries"]?.arrayValue
        else { return nil }
        var entries: [Entry] = []
        for raw in rawEntries {
            guard let id = raw["commit"]?.stringValue.flatMap(ObjectID.init(hex:)),
                let blob = raw["blob"]?.stringValue.flatMap(ObjectID.init(hex:)),
                case .int(let time)? = raw["time"], case .int(let offset)? = raw["offset"]
            else { return nil }
            let commit = CommitInfo(
                id: id,
                parents: raw["parents"]?.arrayValue?.compactMap { $0.stringValue.flatMap(ObjectID.init(hex:)) } ?? [],
                authorName: raw["author"]?.stringValue ?? "", authorEmail: raw["email"]?.stringValue ?? "",
                date: Date(timeIntervalSince1970: TimeInterval(time)), timeZoneOffsetMinutes: offset,
                message: raw["message"]?.stringValue ?? "")
            let tags = raw["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            entries.append(Entry(revision: FileRevision(commit: commit, blob: blob), tags: tags))
        }
        return Snapshot(
            start: start, blobAtStart: blobAtStart.stringValue.flatMap(ObjectID.init(hex:)), entries: entries)
    }
}
