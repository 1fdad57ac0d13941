import Crypto
import Foundation

/// The seeded random order a sequential run takes the rows in: each row's place is a hash
/// of the seed and its id, so the order depends on nothing but the two. A dataset that
/// grows keeps the order of the rows it had, a sample's rows keep theirs, and a run's
/// first n rows are the first n of any longer run with the same seed (the prefixes nest:
/// a rerun answers them from what is already paid for).
public enum SequentialOrder {
    /// The sort key of row `rowID` under `seed`.
    public static func key(seed: UInt64, rowID: String) -> UInt64 {
        let digest = SHA256.hash(data: Data("promptexp-sequential\u{0}\(seed)\u{0}\(rowID)".utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// `items` in the order of their row ids under `seed` (ties, which need equal ids, keep
    /// their order).
    public static func sorted<Item>(_ items: [Item], seed: UInt64, rowID: (Item) -> String) -> [Item] {
        items.enumerated()
            .map { (key: key(seed: seed, rowID: rowID($0.element)), offset: $0.offset, item: $0.element) }
            .sorted { ($0.key, $0.offset) < ($1.key, $1.offset) }
            .map(\.item)
    }
}
