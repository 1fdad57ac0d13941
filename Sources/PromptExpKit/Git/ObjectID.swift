internal import CLibGit2

/// A git object id (SHA-1), held as its 40-character lower-case hex form.
public struct ObjectID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    /// Accepts a full 40-character hex id; anything else is nil.
    public init?(hex: String) {
        // Checked byte by byte: ids are read by the thousand from caches and results.
        var lowered: [UInt8] = []
        lowered.reserveCapacity(40)
        for byte in hex.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lowered.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lowered.append(byte + 32)
            default: return nil
            }
            if lowered.count > 40 { return nil }
        }
        guard lowered.count == 40 else { return nil }
        self.hex = String(decoding: lowered, as: UTF8.self)
    }

    init(_ oid: git_oid) {
        var copy = oid
        self.hex = String(cString: git_oid_tostr_s(&copy))
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The libgit2 form, for calls that take an id.
    var oid: git_oid {
        var oid = git_oid()
        // A valid 40-digit hex string always parses; the initializer guarantees that.
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The seven-character abbreviation people read in logs.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 40-digit object id: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
