import Foundation
import PromptExpKit

/// An experiment as the show and diff commands see it: spec, base and candidate, and the
/// pairs of the last run's results in the working tree.
struct ExperimentView {
    let spec: ExperimentSpec
    let base: RunVariant
    let candidate: RunVariant
    let outcome: ExperimentOutcome
    let hasResults: Bool
    /// Row id → inputs, from the experiment's dataset (empty when it cannot be read).
    let inputs: [String: [String: JSONValue]]
    /// Each evaluator's weight in a row's overall score (1 when it cannot be built here).
    let weights: [String: Double]

    init(project: Project, name: String?) throws {
        let name = try name ?? project.currentExperimentName()
        spec = try project.experiment(named: name)
        (base, candidate) = try project.experimentVariants(spec)
        let results = project.root.appendingPathComponent("\(Project.experimentFolder(name))/results.jsonl")
        hasResults = FileManager.default.fileExists(atPath: results.path)
        let records = hasResults ? try ResultsFile.read(results, displayPath: "\(Project.experimentFolder(name))/results.jsonl") : []
        outcome = ExperimentOutcome(spec: spec, candidateBlob: candidate.blob, summary: RunSummary(), records: records)
        let rows = (try? project.dataset(spec.dataset.path).allRows()) ?? []
        inputs = Dictionary(rows.map { ($0.id, $0.inputs) }, uniquingKeysWith: { first, _ in first })
        weights = project.evaluatorWeights(spec.evaluators)
    }
}
