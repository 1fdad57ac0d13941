extension JSONValue {
    /// Values are equal as JSON: a number kept as written (`.number`) equals a double or
    /// another such number of the same value (`4e2` and `400.0`, `1.50` and `1.5`), so
    /// keeping a row's digits changes no comparison. Integers and doubles stay apart, as
    /// they always were (`3` is not `3.0`).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        case (.number, .number), (.number, .double), (.double, .number):
            lhs.numericValue == rhs.numericValue
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .int(let value): hasher.combine(value)
        case .double, .number: hasher.combine(numericValue)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let members): hasher.combine(members)
        }
    }

    /// A double's value, or a kept number's as a double.
    private var numericValue: Double? {
        switch self {
        case .double(let value): value
        case .number(let text): Double(text)
        default: nil
        }
    }
}
