public import Foundation

/// Builds evaluators by name: a name under `evaluators:` in the config, or a built-in that
/// needs no settings (`not-empty`, `json-valid`, and the checks against `expected`).
public struct EvaluatorRegistry: Sendable {
    public let config: ProjectConfig
    /// The repository root: where `schema_file` and `command` evaluators look and run.
    public let root: URL
    /// Makes the judges' model calls; without it, judge evaluators cannot be built.
    public let judge: JudgeCaller?

    /// Kinds that work with no settings, usable by their kind name alone.
    public static let builtInNames = [
        "not-empty", "json-valid", "equals", "contains", "icontains", "starts-with", "similarity", "tool-call",
        "no-tool-call",
    ]

    public static let kinds = [
        "equals", "contains", "icontains", "starts-with", "regex", "not-empty", "length", "json-valid", "json-schema",
        "similarity", "cost", "latency", "command", "llm-judge", "pairwise", "tool-call", "no-tool-call",
    ]

    /// Kinds whose evaluators call a model.
    public static let judgeKinds: Set<String> = ["llm-judge", "pairwise"]

    public init(config: ProjectConfig, root: URL, judge: JudgeCaller? = nil) {
        self.config = config
        self.root = root
        self.judge = judge
    }

    /// True when any of these names is a judge, so the caller knows to set up model calls.
    public func needsJudge(_ names: [String]) -> Bool {
        names.contains { config.evaluators[$0].map { Self.judgeKinds.contains($0.kind) } ?? false }
    }

    /// The evaluators for these names, in order; `usedBy` names who asked (a prompt file),
    /// for the error when a name is unknown.
    public func evaluators(named names: [String], usedBy: String) throws(EvaluatorError) -> [any Evaluator] {
        var built: [any Evaluator] = []
        for name in names {
            if let configured = config.evaluators[name] {
                built.append(try make(configured))
            } else if Self.builtInNames.contains(name) {
                built.append(try make(EvaluatorConfig(name: name, kind: name)))
            } else {
                let known = config.evaluators.keys.sorted() + Self.builtInNames
                throw .unknown(name, suggestions: NameSuggester.suggestions(for: name, among: known), usedBy: usedBy)
            }
        }
        return built
    }

    /// Every configured evaluator, built once, so a bad entry is found before a run starts.
    public func validateAll() throws(EvaluatorError) {
        for name in config.evaluators.keys.sorted() {
            if let entry = config.evaluators[name] { _ = try make(entry) }
        }
    }

    func make(_ entry: EvaluatorConfig) throws(EvaluatorError) -> any Evaluator {
        var settings = EvaluatorSettings(entry)
        let condition = try settings.string("only_if")
        if let condition,
            condition.isEmpty || condition.split(separator: ".", omittingEmptySubsequences: false).contains("")
        {
            throw settings.fail("only_if names a row input, such as expect.contains")
        }
        var evaluator: any Evaluator
        switch entry.kind {
        case "not-empty": evaluator = try LengthEvaluator(notEmpty: &settings)
        case "length": evaluator = try LengthEvaluator(&settings)
        case "json-valid": evaluator = try JSONValidEvaluator(&settings)
        case "json-schema": evaluator = try JSONSchemaEvaluator(&settings, root: root)
        case "similarity": evaluator = try SimilarityEvaluator(&settings)
        case "cost": evaluator = try CeilingEvaluator(&settings, measure: .cost)
        case "latency": evaluator = try CeilingEvaluator(&settings, measure: .latency)
        case "command": evaluator = try CommandEvaluator(&settings, root: root)
        case "llm-judge": evaluator = try LLMJudgeEvaluator(&settings, root: root, config: config, caller: judge)
        case "pairwise": evaluator = try PairwiseJudgeEvaluator(&settings, root: root, config: config, caller: judge)
        case "tool-call": evaluator = try ToolCallEvaluator(&settings)
        case "no-tool-call": evaluator = try ToolCallEvaluator(&settings, expectsNone: true)
        case let kind:
            guard let match = MatchEvaluator.Kind(rawValue: kind) else {
                throw settings.fail("unknown kind '\(kind)'; use one of \(Self.kinds.joined(separator: ", "))")
            }
            evaluator = try MatchEvaluator(&settings, kind: match)
        }
        try settings.finish()
        if let condition { evaluator = ConditionalEvaluator(evaluator, field: condition) }
        return evaluator
    }
}
