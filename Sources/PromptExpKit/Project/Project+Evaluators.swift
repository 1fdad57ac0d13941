import Foundation

extension Project {
    /// Builds evaluators from this project's config; `schema_file` and `command` are
    /// relative to the repository root.
    public var evaluatorRegistry: EvaluatorRegistry { EvaluatorRegistry(config: config, root: root) }
}
