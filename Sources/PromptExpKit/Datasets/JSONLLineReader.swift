public import Foundation

/// Reads a file line by line in fixed-size chunks, so memory does not grow with the file.
public struct JSONLLineReader: Sequence {
    public let url: URL
    public let chunkSize: Int

    public init(url: URL, chunkSize: Int = 1 << 16) {
        self.url = url
        self.chunkSize = chunkSize
    }

    /// Lines as raw bytes without their line break, with 1-based line numbers.
    public struct Iterator: IteratorProtocol {
        let handle: FileHandle?
        let chunkSize: Int
        var buffer: [UInt8] = []
        var position = 0
        var finished = false
        var lineNumber = 0
        /// The file offset of `buffer[0]`.
        var bufferOffset = 0
        /// The byte offset in the file of the line `next()` returned last.
        public private(set) var lineOffset = 0
        /// Set when the file could not be read.
        public private(set) var error: (any Error)?

        public mutating func next() -> (number: Int, bytes: ArraySlice<UInt8>)? {
            while true {
                if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                    var end = newline
                    if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let line = buffer[position..<end]
                    lineOffset = bufferOffset + position
                    position = newline + 1
                    lineNumber += 1
                    return (lineNumber, line)
                }
                if finished {
                    guard position < buffer.count else { return nil }
                    let line = buffer[position...]
                    lineOffset = bufferOffset + position
                    position = buffer.count
                    lineNumber += 1
                    return (lineNumber, line)
                }
                // Drop consumed bytes before reading more, so the buffer holds at most
                // one partial line plus one chunk.
                if position > 0 {
                    buffer.removeSubrange(0..<position)
                    bufferOffset += position
                    position = 0
                }
                do {
                    if let data = try handle?.read(upToCount: chunkSize), !data.isEmpty {
                        buffer.append(contentsOf: data)
                    } else {
                        finished = true
                    }
                } catch {
                    self.error = error
                    finished = true
                }
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(handle: try? FileHandle(forReadingFrom: url), chunkSize: chunkSize)
    }
}
