public import Foundation

/// One of N parts of a run, for spreading it over machines (a CI matrix): a call belongs to
/// shard I of N by its request hash, so the split is the same on every machine and a call
/// keeps its shard when rows are added. Each shard writes its own results part; `merge`
/// joins them into the file one machine would have written.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `I/N`, as `--shard` takes it.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard (0-based) a request hash falls in among `count`.
    public static func position(of requestHash: String, among count: Int) -> Int {
        let value = UInt64(requestHash.prefix(16), radix: 16) ?? UInt64(truncatingIfNeeded: requestHash.hashValue)
        return Int(value % UInt64(count))
    }

    public func contains(requestHash: String) -> Bool {
        Self.position(of: requestHash, among: count) == index - 1
    }

    /// `results.shard-I-of-N.jsonl` beside `results.jsonl`.
    public func partURL(for output: URL) -> URL {
        let name = output.deletingPathExtension().lastPathComponent
        return output.deletingLastPathComponent().appendingPathComponent("\(name).shard-\(index)-of-\(count).jsonl")
    }

    /// The first line of a part: which shard of which plan it holds, so a merge can refuse
    /// a part of another plan at once. `fingerprint` is the plan's (see `RunPlan.fingerprint`).
    public func headerLine(fingerprint: String, calls: Int) -> String {
        JSONValue.object([
            Self.headerKey: [
                "shard": .int(index), "of": .int(count), "plan": .string(fingerprint), "calls": .int(calls),
            ]
        ]).canonicalJSON
    }

    static let headerKey = "promptexp_part"

    /// Whether a line is a part's header (readers of results files skip it).
    public static func isHeader<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.starts(with: #"{"promptexp_part":"#.utf8)
    }

    /// The shard a part file's name says it holds (`….shard-I-of-N.jsonl`), if any.
    public init?(partName name: String) {
        guard let range = name.range(of: #"shard-([0-9]+)-of-([0-9]+)\.jsonl$"#, options: .regularExpression) else {
            return nil
        }
        let numbers = name[range].dropFirst("shard-".count).dropLast(".jsonl".count).components(separatedBy: "-of-")
        guard numbers.count == 2, let index = Int(numbers[0]), let count = Int(numbers[1]) else { return nil }
        self.init(index: index, count: count)
    }
}
