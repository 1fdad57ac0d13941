import Foundation
import PromptExpKit

/// An experiment as the show and diff commands see it: spec, base and candidate, and the
/// pairs of the last run's results, read from its branch wherever the user is
/// (`ExperimentSnapshot`).
struct ExperimentView {
    let snapshot: ExperimentSnapshot
    /// Every base/candidate pair of the last run.
    let pairs: ExperimentPairs
    /// Row id → inputs, from the experiment's dataset (empty when it cannot be read).
    let inputs: [String: [String: JSONValue]]
    /// Each evaluator's weight in a row's overall score (1 when it cannot be built here).
    let weights: [String: Double]

    var spec: ExperimentSpec { snapshot.spec }
    var base: RunVariant { snapshot.base }
    var candidate: RunVariant { snapshot.candidate }
    var hasResults: Bool { snapshot.hasResults }

    init(project: Project, name: String?) throws {
        snapshot = try project.experimentSnapshot(name)
        pairs = ExperimentPairs(records: snapshot.records ?? [])
        // The rows the experiment ran on: the dataset blob its spec pins.
        let dataset = try? project.datasetFile(path: snapshot.spec.dataset.path, blob: snapshot.spec.dataset.blob)
        let rows = (try? dataset?.allRows()) ?? []
        inputs = Dictionary(rows.map { ($0.id, $0.inputs) }, uniquingKeysWith: { first, _ in first })
        weights = project.evaluatorWeights(snapshot.spec.evaluators)
    }

    /// Why there is nothing to show yet, as the command to run.
    var notRunError: CommandError {
        CommandError("experiment \(spec.name) has no results yet: run it with `git switch exp/\(spec.name) && promptexp exp run`")
    }
}
