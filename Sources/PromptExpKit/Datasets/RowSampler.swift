/// Picks a uniform random sample of `size` items from a stream in one pass (reservoir
/// sampling, Algorithm R) with a seeded generator, so the same seed picks the same rows.
public struct RowSampler<Item> {
    public let size: Int
    private var generator: SeededGenerator
    private var seen = 0
    /// The sample so far, with each item's position in the stream.
    private var reservoir: [(position: Int, item: Item)] = []

    public init(size: Int, seed: UInt64) {
        self.size = size
        generator = SeededGenerator(seed: seed)
    }

    public mutating func offer(_ item: Item) {
        defer { seen += 1 }
        if reservoir.count < size {
            reservoir.append((seen, item))
            return
        }
        let slot = Int.random(in: 0...seen, using: &generator)
        if slot < size { reservoir[slot] = (seen, item) }
    }

    /// The sample in stream order.
    public var sample: [Item] {
        reservoir.sorted { $0.position < $1.position }.map(\.item)
    }
}
