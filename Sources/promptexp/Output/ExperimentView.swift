import Foundation
import PromptExpKit

/// An experiment as the show and diff commands see it: spec, base and candidate, and the
/// last run's pairs a row at a time with the row's inputs, read from its branch wherever
/// the user is (`ExperimentSnapshot`). Memory holds one row, however large the run.
struct ExperimentView {
    let snapshot: ExperimentSnapshot
    /// Each evaluator's weight in a row's overall score (1 when it cannot be built here).
    let weights: [String: Double]
    /// The rows the experiment ran on: the dataset blob its spec pins (nil when unreadable).
    let dataset: DatasetFile?

    var spec: ExperimentSpec { snapshot.spec }
    var base: RunVariant { snapshot.base }
    var candidate: RunVariant { snapshot.candidate }
    var hasResults: Bool { snapshot.hasResults }

    init(project: Project, name: String?) throws {
        snapshot = try project.experimentSnapshot(name)
        weights = project.evaluatorWeights(snapshot.spec.evaluators)
        dataset = try? project.datasetFile(path: snapshot.spec.dataset.path, blob: snapshot.spec.dataset.blob)
    }

    /// Why there is nothing to show yet, as the command to run.
    var notRunError: CommandError {
        CommandError(
            "experiment \(spec.name) has no results yet: run it with `git switch exp/\(spec.name) && promptexp exp run`"
        )
    }

    /// Calls `body` with each row's base/candidate pairs and the row's inputs (nil when the
    /// dataset does not have the row), in results order.
    func forEachRow(_ body: ([ExperimentPairs.Pair], [String: JSONValue]?) throws -> Void) throws {
        guard let results = snapshot.results else { return }
        var rows = try PairedRowReader(results: results, displayPath: snapshot.resultsLabel, dataset: dataset)
        while let (pairs, inputs) = try rows.next() { try body(pairs, inputs) }
    }
}
