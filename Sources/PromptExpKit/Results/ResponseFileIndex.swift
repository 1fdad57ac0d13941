public import Foundation

/// Finds earlier answers in a JSONL file by request hash without holding the file: the
/// index keeps 16 bytes a line (a 64-bit hash of the request hash, and the line's offset,
/// sorted), and a lookup reads and parses the one line it points at.
///
/// Lines are results lines or journal lines, whose canonical JSON carries
/// `"request_hash":"…"`; `answer` turns a parsed line into the response it holds. A line
/// that does not end its object (cut short by a kill) is left out.
public final class ResponseFileIndex: ResponseLookup, Sendable {
    private let file: FileHandle
    /// Pairs (key, offset), flattened and sorted by key.
    private let entries: [UInt64]
    private let answer: @Sendable (JSONValue) -> (hash: String, response: CachedResponse)?

    /// Indexes every line of `url` that has a request hash. The file may grow afterwards
    /// (a journal does): only the lines present now are found.
    public init(url: URL, answer: @escaping @Sendable (JSONValue) -> (hash: String, response: CachedResponse)?) throws {
        file = try FileHandle(forReadingFrom: url)
        self.answer = answer
        // Two passes, so the index is one array of exactly its size, sorted in place: a
        // growing array and a sort's scratch buffer would each have doubled the peak.
        var count = 0
        for (_, bytes) in JSONLLineReader(url: url) where Self.key(inLine: bytes) != nil { count += 1 }
        var flat = [UInt64](repeating: 0, count: count * 2)
        var filled = 0
        var lines = JSONLLineReader(url: url).makeIterator()
        while filled < count, let (_, bytes) = lines.next() {
            guard let key = Self.key(inLine: bytes) else { continue }
            flat[filled * 2] = key
            flat[filled * 2 + 1] = UInt64(lines.lineOffset)
            filled += 1
        }
        if filled < count { flat.removeLast((count - filled) * 2) }
        Self.heapSortPairs(&flat)
        entries = flat
    }

    /// Sorts (key, offset) pairs by key, in place with no scratch memory.
    private static func heapSortPairs(_ pairs: inout [UInt64]) {
        let count = pairs.count / 2
        guard count > 1 else { return }
        pairs.withUnsafeMutableBufferPointer { buffer in
            func swapPairs(_ a: Int, _ b: Int) {
                buffer.swapAt(a * 2, b * 2)
                buffer.swapAt(a * 2 + 1, b * 2 + 1)
            }
            func siftDown(_ start: Int, _ end: Int) {
                var root = start
                while root * 2 + 1 < end {
                    var child = root * 2 + 1
                    if child + 1 < end, buffer[child * 2] < buffer[(child + 1) * 2] { child += 1 }
                    guard buffer[root * 2] < buffer[child * 2] else { return }
                    swapPairs(root, child)
                    root = child
                }
            }
            for start in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(start, count) }
            for end in stride(from: count - 1, to: 0, by: -1) {
                swapPairs(0, end)
                siftDown(0, end)
            }
        }
    }

    /// The number of lines indexed.
    public var count: Int { entries.count / 2 }

    public func response(for requestHash: String) -> CachedResponse? {
        let key = Self.key(ofHash: requestHash.utf8)
        // The first entry whose key is not below `key`; several lines may share a key.
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle * 2] < key { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < count, entries[index * 2] == key {
            if let line = readLine(at: entries[index * 2 + 1]), let value = try? JSONValue.parse(bytes: line),
                let found = answer(value), found.hash == requestHash
            {
                return found.response
            }
            index += 1
        }
        return nil
    }

    /// The line at `offset`, without its line break.
    private func readLine(at offset: UInt64) -> [UInt8]? {
        var line: [UInt8] = []
        var position = offset
        while true {
            // FileHandle's positioned reads are not atomic with their seek, and lookups run
            // in parallel tasks: pread keeps each read to its own offset.
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes {
                pread(file.fileDescriptor, $0.baseAddress, $0.count, off_t(position))
            }
            guard count > 0 else { return line.isEmpty ? nil : line }
            if let newline = chunk[0..<count].firstIndex(of: UInt8(ascii: "\n")) {
                line += chunk[0..<newline]
                return line
            }
            line += chunk[0..<count]
            position += UInt64(count)
        }
    }

    private static let marker = Array(#""request_hash":""#.utf8)

    /// The key of the request hash a whole line carries, found without parsing the line.
    static func key(inLine line: ArraySlice<UInt8>) -> UInt64? {
        guard line.last == UInt8(ascii: "}"), line.count > marker.count else { return nil }
        var index = line.startIndex
        let last = line.endIndex - marker.count
        while index < last {
            if line[index] == marker[0], line[index..<(index + marker.count)].elementsEqual(marker) {
                let start = index + marker.count
                // Request hashes are hex: no escapes before the closing quote.
                guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return key(ofHash: line[start..<end])
            }
            index += 1
        }
        return nil
    }

    /// FNV-1a over the hash's bytes: distinct request hashes collide about once in 2^64,
    /// and a collision only costs reading one more line.
    static func key(ofHash bytes: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        return value
    }
}
