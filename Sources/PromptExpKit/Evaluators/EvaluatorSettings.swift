/// Typed reads of an evaluator's settings from the config, failing with the entry's
/// location and the evaluator's name. Every key must be read once: a key no reader asked
/// for is an error, so a typo such as `max_word` is never silently ignored.
struct EvaluatorSettings {
    let config: EvaluatorConfig
    private(set) var read: Set<String> = ["kind"]

    init(_ config: EvaluatorConfig) {
        self.config = config
    }

    func fail(_ message: String) -> EvaluatorError {
        .invalid(name: config.name, location: config.location, message: message)
    }

    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = config.settings[key], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(EvaluatorError) -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .int, .double, .bool: return value.canonicalJSON
        default: throw fail("\(key) must be a string")
        }
    }

    mutating func strings(_ key: String) throws(EvaluatorError) -> [String]? {
        guard let value = value(key) else { return nil }
        if case .string(let text) = value { return [text] }
        guard let items = value.arrayValue else { throw fail("\(key) must be a string or a list of strings") }
        var out: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw fail("each item of \(key) must be a string") }
            out.append(text)
        }
        return out
    }

    mutating func number(_ key: String) throws(EvaluatorError) -> Double? {
        guard let value = value(key) else { return nil }
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw fail("\(key) must be a number")
    }

    mutating func nonNegative(_ key: String) throws(EvaluatorError) -> Double? {
        guard let number = try number(key) else { return nil }
        guard number >= 0 else { throw fail("\(key) must not be negative") }
        return number
    }

    mutating func bool(_ key: String) throws(EvaluatorError) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw fail("\(key) must be true or false")
        }
    }

    /// Weight, threshold and negate, which every kind takes.
    mutating func common(defaultThreshold: Double = 1) throws(EvaluatorError) -> EvaluatorCommon {
        var common = EvaluatorCommon(name: config.name, threshold: defaultThreshold)
        if let weight = try nonNegative("weight") { common.weight = weight }
        if let threshold = try number("threshold") {
            guard (0...1).contains(threshold) else { throw fail("threshold must be between 0 and 1") }
            common.threshold = threshold
        }
        common.negate = try bool("negate") ?? false
        return common
    }

    /// Throws when the config gave a key that no reader asked for.
    func finish() throws(EvaluatorError) {
        let unknown = config.settings.keys.filter { !read.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw fail(
                "unknown setting\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")) for kind '\(config.kind)'"
            )
        }
    }
}
