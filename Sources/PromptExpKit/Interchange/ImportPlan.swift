/// What `promptexp import` writes: prompt files, a dataset, evaluators for the config,
/// helper scripts, and every part of the source it could not convert, one line each.
/// Built in memory first, so bad input writes nothing.
public struct ImportPlan: Sendable {
    /// An evaluator entry for `.promptexp/config.yaml`, its settings in the order written.
    public struct EvaluatorEntry: Hashable, Sendable {
        public var name: String
        public var settings: [Setting]

        public struct Setting: Hashable, Sendable {
            public var key: String
            public var value: JSONValue
        }

        public init(name: String, kind: String, _ settings: [(String, JSONValue)] = []) {
            self.name = name
            self.settings =
                [Setting(key: "kind", value: .string(kind))] + settings.map { Setting(key: $0.0, value: $0.1) }
        }

        public var kind: String { settings.first?.value.stringValue ?? "" }

        public func setting(_ key: String) -> JSONValue? { settings.first { $0.key == key }?.value }

        /// The entry as it goes under `evaluators:`.
        public var yamlNode: YAMLWriter.Node { .mapping(settings.map { ($0.key, .json($0.value)) }) }
    }

    /// A file written as it is (a helper script).
    public struct File: Hashable, Sendable {
        public var path: String
        public var text: String
        public var executable = false
    }

    public var format: ImportFormat
    /// The file imported, as the user named it.
    public var source: String
    public var prompts: [PromptDraft] = []
    /// Repository-relative path of the dataset, and its rows.
    public var datasetPath: String?
    public var rows: [DatasetRow] = []
    public var evaluators: [EvaluatorEntry] = []
    public var files: [File] = []
    /// What was not converted, one line each: where it is in the source, and why.
    public var unconverted: [String] = []
    /// What was converted with a difference the user should know about.
    public var notes: [String] = []

    public init(format: ImportFormat, source: String) {
        self.format = format
        self.source = source
    }

    /// Adds `evaluator` unless an identical one is there; returns the name to use.
    mutating func add(_ evaluator: EvaluatorEntry) -> String {
        if let same = evaluators.first(where: { $0.settings == evaluator.settings }) { return same.name }
        var named = evaluator
        var number = 2
        while evaluators.contains(where: { $0.name == named.name }) {
            named.name = "\(evaluator.name)-\(number)"
            number += 1
        }
        evaluators.append(named)
        return named.name
    }
}
