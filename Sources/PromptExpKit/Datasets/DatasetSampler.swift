public import Foundation

/// A uniform random sample of a dataset's rows in one pass (reservoir sampling, seeded
/// and reproducible), optionally only among the rows that match `key=value` filters.
/// Memory holds the sample, not the dataset.
public struct DatasetSampler: Sendable {
    /// `key=value`: the key names an input, or `metadata.KEY`, `inputs.KEY`, `id`,
    /// `expected` or `output`; a plain key is looked up in the inputs, then the metadata.
    public struct Filter: Hashable, Sendable {
        public let key: String
        public let value: String

        public init(parsing text: String) throws(ImportError) {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { throw .invalidFilter(text) }
            key = String(text[..<equals])
            value = String(text[text.index(after: equals)...])
        }

        func matches(_ row: DatasetRow) -> Bool {
            let found: JSONValue?
            if key == "id" {
                found = .string(row.id)
            } else if key == "expected" {
                found = row.expected
            } else if key == "output" {
                found = row.output
            } else if key.hasPrefix("metadata.") {
                found = Self.lookup(.object(row.metadata), key.dropFirst("metadata.".count))
            } else if key.hasPrefix("inputs.") {
                found = Self.lookup(.object(row.inputs), key.dropFirst("inputs.".count))
            } else {
                found =
                    Self.lookup(.object(row.inputs), Substring(key))
                    ?? Self.lookup(.object(row.metadata), Substring(key))
            }
            return found?.displayText == value
        }

        /// `a.b` walks into objects.
        static func lookup(_ value: JSONValue, _ path: Substring) -> JSONValue? {
            var current: JSONValue? = value
            for part in path.split(separator: ".") { current = current?[String(part)] }
            return current
        }
    }

    public struct Summary: Sendable {
        public var rows = 0
        public var matched = 0
        public var written = 0
    }

    public let size: Int
    public let seed: UInt64
    public let filters: [Filter]

    public init(size: Int, seed: UInt64, filters: [Filter] = []) {
        self.size = size
        self.seed = seed
        self.filters = filters
    }

    /// Samples `dataset` into a new file at `output` (written whole, or not at all; not at
    /// all when no row was sampled, so an empty dataset never appears in silence).
    public func sample(_ dataset: DatasetFile, to output: URL) throws -> Summary {
        var sampler = RowSampler<DatasetRow>(size: size, seed: seed)
        var summary = Summary()
        var rows = try dataset.rows()
        while let row = try rows.next() {
            summary.rows += 1
            guard filters.allSatisfy({ $0.matches(row) }) else { continue }
            summary.matched += 1
            sampler.offer(row)
        }
        let lines = sampler.sample.map(\.jsonLine)
        summary.written = lines.count
        guard !lines.isEmpty else { return summary }
        try AtomicFile.write(Data(lines.map { $0 + "\n" }.joined().utf8), to: output.path)
        return summary
    }
}
