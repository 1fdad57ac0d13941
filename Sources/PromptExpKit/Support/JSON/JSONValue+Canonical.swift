public import Foundation

extension JSONValue {
    /// Compact JSON with object keys sorted by their UTF-8 bytes: the same value always
    /// gives the same text, which is what ids, hashes and diffable files need.
    public var canonicalJSON: String {
        var out = ""
        appendCanonical(to: &out)
        return out
    }

    func appendCanonical(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += Self.format(value)
        case .number(let text): out += text
        case .string(let value): Self.appendQuoted(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.appendCanonical(to: &out)
            }
            out += "]"
        case .object(let values):
            out += "{"
            for (index, key) in values.keys.sorted(by: Self.utf8Order).enumerated() {
                if index > 0 { out += "," }
                Self.appendQuoted(key, to: &out)
                out += ":"
                values[key]?.appendCanonical(to: &out)
            }
            out += "}"
        }
    }

    static func utf8Order(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Doubles print in their shortest round-tripping form; whole numbers keep a `.0`
    /// so they read back as doubles.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return "\(value)"
    }

    static func appendQuoted(_ text: String, to out: inout String) {
        // Most strings need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Parses one JSON text. Numbers without a fraction or exponent become `.int`.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try parse(bytes: data)
    }

    /// Parses one JSON text from its UTF-8 bytes.
    public static func parse<Bytes: Collection>(bytes: Bytes) throws(JSONParseError) -> JSONValue
    where Bytes.Element == UInt8 {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw JSONParseError(line: error.line, column: error.column, message: error.message)
        }
    }
}
