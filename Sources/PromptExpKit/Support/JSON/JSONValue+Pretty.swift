extension JSONValue {
    /// Indented JSON with sorted keys, for `--json` output people also read.
    public var prettyJSON: String {
        var out = ""
        appendPretty(to: &out, indent: "")
        return out
    }

    private func appendPretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let values) where !values.isEmpty:
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += inner
                value.appendPretty(to: &out, indent: inner)
                out += index < values.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let values) where !values.isEmpty:
            out += "{\n"
            let keys = values.keys.sorted(by: Self.utf8Order)
            for (index, key) in keys.enumerated() {
                out += inner
                Self.appendQuoted(key, to: &out)
                out += ": "
                values[key]?.appendPretty(to: &out, indent: inner)
                out += index < keys.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            appendCanonical(to: &out)
        }
    }
}
