import Foundation
import PromptExpKit

/// Builds evaluators from config text and judges outputs with them.
enum EvaluatorHarness {
    static let root = URL(fileURLWithPath: FileManager.default.temporaryDirectory.path)

    static func evaluator(_ yaml: String, name: String = "e", root: URL = root) throws -> any Evaluator {
        let config = try ProjectConfig.parse(
            "evaluators:\n  \(name):\n" + yaml.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n")
                + "\n", path: "c.yaml")
        return try EvaluatorRegistry(config: config, root: root).evaluators(named: [name], usedBy: "test")[0]
    }

    /// The error building `yaml` gives, as text.
    static func error(_ yaml: String) -> String? {
        do {
            _ = try evaluator(yaml)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func record(
        _ output: String?, row: String = "r1", cost: Double? = nil, latency: Int? = nil, error: String? = nil,
        variant: String = "base"
    ) -> ResultRecord {
        ResultRecord(
            rowID: row, variant: variant, model: "mock/echo", repeatIndex: 0,
            promptBlob: Repository.hashBlob(Data("p".utf8)), requestHash: "h-\(row)-\(variant)", output: output,
            finishReason: "stop", usage: nil, cost: cost, latencyMilliseconds: latency, error: error)
    }

    static func judge(
        _ evaluator: any Evaluator, _ output: String, inputs: [String: JSONValue] = [:], expected: JSONValue? = nil,
        cost: Double? = nil, latency: Int? = nil
    ) async -> Evaluation {
        await evaluator.evaluate(
            EvaluationInput(
                row: DatasetRow(id: "r1", inputs: inputs, expected: expected),
                record: record(output, cost: cost, latency: latency)))
    }
}
