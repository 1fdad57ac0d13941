/// Finds bytes that are not UTF-8, so bad input is refused where it is instead of being
/// silently replaced with U+FFFD and sent to a model.
public enum UTF8Check {
    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil
    /// when all of `bytes` is valid.
    public static func firstInvalidOffset<Bytes: Collection>(in bytes: Bytes) -> Int? where Bytes.Element == UInt8 {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The 1-based line and column (in characters) of byte `offset` in `bytes`.
    public static func lineAndColumn<Bytes: Collection>(of offset: Int, in bytes: Bytes) -> (line: Int, column: Int)
    where Bytes.Element == UInt8 {
        var line = 1
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        var position = 0
        while position < offset, index != bytes.endIndex {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
            position += 1
        }
        return (line, String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1)
    }
}
